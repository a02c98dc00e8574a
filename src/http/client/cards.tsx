import { Hono, type Context } from 'hono';
import { gatewayEnv } from '../../config.ts';
import { CardsPage } from '../../../views/client/cards.tsx';
import { LeavingPage } from '../../../views/pay/leaving.tsx';
import { listSavedCards } from '../../modules/payments/list-saved-cards.ts';
import { loadGatewayConfig } from '../../modules/payments/load-gateways.ts';
import { removeCard } from '../../modules/payments/remove-card.ts';
import { setDefaultCard } from '../../modules/payments/set-default-card.ts';
import { startCardSetup } from '../../modules/payments/start-card-setup.ts';
import { completeCardReturn } from '../../modules/payments/stripe/complete-card-return.ts';
import { attempt, parseId, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';
import { t } from '../../i18n/locale.ts';

const FLASH = new Set(['saved', 'removed', 'default']);

async function cardsPage(c: Context<Env>, errors?: Errors, status: 200 | 409 | 422 = 200) {
  const config = await loadGatewayConfig(c.var.em, 'stripe', c.var.deps.config.APP_SECRET);
  const cards = await listSavedCards(c.var.em, c.var.client!.id);
  return c.html(
    <CardsPage
      client={c.var.client}
      csrfToken={c.var.csrfToken}
      flash={FLASH.has(c.req.query('done') ?? '') ? t(`client:flash.card.${c.req.query('done')}`) : undefined}
      cards={cards}
      cardsOn={config?.enabled === true}
      errors={errors}
    />,
    status,
  );
}

const env = (c: Context<Env>) => gatewayEnv(c.var.deps.config);

export const cardRoutes = new Hono<Env>()
  .get('/cards', (c) => cardsPage(c))
  .post('/cards/add', async (c) => {
    const result = await attempt(() => startCardSetup(c.var.em, c.var.client!.id, env(c), c.var.deps.config.APP_SECRET));
    if (!result.ok) return cardsPage(c, result.errors, result.status);
    return c.html(<LeavingPage to={result.value} title={t('client:cards.add')} />);
  })
  .get('/cards/return', async (c) => {
    const input = { clientId: c.var.client!.id, invoiceId: null, sessionId: c.req.query('session_id') ?? '', now: c.var.now };
    const result = await attempt(() => completeCardReturn(c.var.em, input, env(c), c.var.deps.config.APP_SECRET));
    if (!result.ok) return cardsPage(c, result.errors, result.status);
    return c.redirect(`/account/cards${result.value === 'card-saved' ? '?done=saved' : ''}`, 303);
  })
  .post('/cards/:id/default', async (c) => {
    const result = await attempt(() => setDefaultCard(c.var.em, c.var.client!.id, parseId(c.req.param('id'))));
    if (!result.ok) return cardsPage(c, result.errors, result.status);
    return c.redirect('/account/cards?done=default', 303);
  })
  .post('/cards/:id/remove', async (c) => {
    const result = await attempt(() =>
      removeCard(c.var.em, c.var.client!.id, parseId(c.req.param('id')), env(c), c.var.deps.config.APP_SECRET),
    );
    if (!result.ok) return cardsPage(c, result.errors, result.status);
    return c.redirect('/account/cards?done=removed', 303);
  });
