import { calendarDateOf } from '../../modules/shared/dates.ts';
import { listCreditEntries } from '../../modules/clients/list-credit-entries.ts';
import { Hono, type Context } from 'hono';
import { ClientResults, ClientsPage } from '../../../views/admin/clients/index.tsx';
import { NewClientPage } from '../../../views/admin/clients/new.tsx';
import { AllowList, ClientPage } from '../../../views/admin/clients/show.tsx';
import { AddServicePage, StaffQuoteFragment } from '../../../views/admin/clients/add-service.tsx';
import { ClientMessageResults, ClientMessagesPage } from '../../../views/admin/messages/index.tsx';
import { listClientMessages } from '../../modules/mail/list-client-messages.ts';
import { pageClientMessages } from '../../modules/mail/page-client-messages.ts';
import { renderList } from './list-page.tsx';
import { listPackageChoices } from '../../modules/catalog/list-package-choices.ts';
import { addStaffServiceFromForm, previewStaffService } from '../../modules/store/staff-service-form.ts';
import { NotFound } from '../../modules/shared/errors.ts';
import { createClient } from '../../modules/clients/create-client.ts';
import { listClientInvoices } from '../../modules/clients/list-client-invoices.ts';
import { listClientOrders } from '../../modules/clients/list-client-orders.ts';
import { listClientServices } from '../../modules/clients/list-client-services.ts';
import { listClients } from '../../modules/clients/list-clients.ts';
import { listProfileChoices } from '../../modules/clients/list-profile-choices.ts';
import { listRestrictedPackages } from '../../modules/clients/list-restricted-packages.ts';
import { loadClient } from '../../modules/clients/load-client.ts';
import { setAllowedPackages } from '../../modules/clients/set-allowed-packages.ts';
import { updateClientProfile } from '../../modules/clients/update-client-profile.ts';
import { canWrite } from '../../modules/staff/rules/roles.ts';
import { addCredit } from '../../modules/invoicing/add-credit.ts';
import { removeCredit } from '../../modules/invoicing/remove-credit.ts';
import { baseUrlOf, formInput } from '../client/form-input.ts';
import { isHtmx, tickedIds } from '../form.ts';
import { attempt, backToPageOf, layoutProps, parseId, redirectAfterPost, type Errors } from '../respond.ts';
import type { Env } from '../types.ts';

const FLASH: Record<string, string> = {
  created: 'Client created. They have been sent an email to set their password.',
  saved: 'Profile saved.',
  allowed: 'Allow-list saved.',
  credited: 'Credit added.',
  debited: 'Credit taken back.',
};

async function clientPage(
  c: Context<Env>,
  opts: {
    values?: Record<string, unknown>;
    errors?: Errors;
    allowErrors?: Errors;
    allowSent?: number[];
    creditValues?: Record<string, unknown>;
    creditErrors?: Errors;
  } = {},
  status: 200 | 422 = 200,
) {
  const id = parseId(c.req.param('id'));
  const client = await loadClient(c.var.em, id);
  const [services, invoices, orders, restricted, choices, messages, credit] = await Promise.all([
    listClientServices(c.var.em, id),
    listClientInvoices(c.var.em, id),
    listClientOrders(c.var.em, id),
    listRestrictedPackages(c.var.em),
    listProfileChoices(c.var.em),
    listClientMessages(c.var.em, id, { limit: 10 }),
    listCreditEntries(c.var.em, id),
  ]);
  const data = {
    client,
    services,
    invoices,
    orders,
    restricted,
    choices,
    messages,
    credit,
    canWrite: canWrite(c.var.staff!.role),
    today: calendarDateOf(c.var.now),
  };
  return c.html(<ClientPage {...layoutProps(c)} {...data} {...opts} flash={FLASH[c.req.query('done') ?? '']} />, status);
}

/** The "Add a service" page: the package picker, and the chosen package's form with its price. */
async function addServicePage(
  c: Context<Env>,
  packageId: number | null,
  opts: { form?: Record<string, string | string[]>; errors?: Errors } = {},
  status: 200 | 409 | 422 = 200,
) {
  const clientId = parseId(c.req.param('id'));
  const [client, packages] = await Promise.all([loadClient(c.var.em, clientId), listPackageChoices(c.var.em)]);
  let preview = null;
  let packageError: string | undefined;
  if (packageId !== null) {
    preview = await previewStaffService(c.var.em, { clientId, packageId, form: opts.form, errors: opts.errors }, c.var.now).catch(
      (err: unknown) => {
        if (err instanceof NotFound) return null;
        throw err;
      },
    );
    if (!preview) packageError = 'Choose one of the packages listed.';
  }
  const shown = status === 200 && preview && opts.form && Object.keys(preview.errors).length ? 422 : packageError ? 422 : status;
  return c.html(
    <AddServicePage {...layoutProps(c)} client={client} packages={packages} preview={preview} packageError={packageError} />,
    shown,
  );
}

const packageIdOf = (v: unknown) => (v === undefined || v === '' ? null : parseId(String(Array.isArray(v) ? v[0] : v)));

export const clientRoutes = new Hono<Env>()
  .get('/', async (c) => {
    const result = await attempt(() => listClients(c.var.em, c.req.query()));
    const list = result.ok ? result.value : { ...(await listClients(c.var.em, {})), errors: result.errors };
    const status = result.ok ? 200 : 422;
    if (isHtmx(c) && c.req.header('hx-target') === 'client-results') return c.html(<ClientResults {...list} />, status);
    return c.html(<ClientsPage {...layoutProps(c)} {...list} canWrite={canWrite(c.var.staff!.role)} />, status);
  })
  .get('/new', async (c) => c.html(<NewClientPage {...layoutProps(c)} choices={await listProfileChoices(c.var.em)} />))
  .post('/', async (c) => {
    const { form, errors } = await formInput(c);
    const result = errors
      ? { ok: false as const, errors }
      : await attempt(() => createClient(c.var.em, form, { now: c.var.now, baseUrl: baseUrlOf(c) }));
    if (result.ok) return redirectAfterPost(c, `/admin/clients/${result.value.id}?done=created`);
    return c.html(
      <NewClientPage {...layoutProps(c)} values={form} errors={result.errors} choices={await listProfileChoices(c.var.em)} />,
      422,
    );
  })
  .get('/:id', (c) => clientPage(c))
  .get('/:id/messages', async (c) => {
    const id = parseId(c.req.param('id'));
    const client = await loadClient(c.var.em, id);
    const load = (raw: Record<string, string>) => pageClientMessages(c.var.em, id, raw);
    return renderList(c, load, {
      target: 'message-results',
      results: (list) => <ClientMessageResults client={client} list={list} />,
      page: (props) => <ClientMessagesPage {...props} client={client} list={props} />,
    });
  })
  .get('/:id/services/new', (c) => addServicePage(c, packageIdOf(c.req.query('packageId'))))
  // The summary as choices change: the fragment for htmx, the whole page without JavaScript.
  .post('/:id/services/quote', async (c) => {
    const { form, errors } = await formInput(c);
    const packageId = packageIdOf(form.packageId);
    if (!isHtmx(c) || packageId === null) return addServicePage(c, packageId, { form, errors: errors ?? undefined });
    const preview = await previewStaffService(
      c.var.em,
      { clientId: parseId(c.req.param('id')), packageId, form, errors: errors ?? undefined },
      c.var.now,
    );
    return c.html(<StaffQuoteFragment preview={preview} />, Object.keys(preview.errors).length ? 422 : 200);
  })
  // A reload after a refused form (the address bar shows where it posted) goes back to the form's page.
  .get(
    '/:id/services',
    backToPageOf((id) => `/admin/clients/${id}/services/new`),
  )
  .get(
    '/:id/:form{credit|allowed-packages}',
    backToPageOf((id) => `/admin/clients/${id}`),
  )
  .post('/:id/services', async (c) => {
    const { form, errors } = await formInput(c);
    const clientId = parseId(c.req.param('id'));
    const packageId = packageIdOf(form.packageId);
    if (packageId === null || packageId < 1) return addServicePage(c, packageId, {}, 422);
    const actor = `staff:${c.var.staff!.email}`;
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : await attempt(() => addStaffServiceFromForm(c.var.em, { clientId, packageId, form, actor }, c.var.now)).catch((err: unknown) => {
          // A package deleted meanwhile (or never there): the picker says so; an unknown client stays a 404.
          if (err instanceof NotFound && err.message.startsWith('That package'))
            return { ok: false as const, errors: {}, status: 422 as const };
          throw err;
        });
    if (result.ok) {
      const added = result.value;
      return redirectAfterPost(
        c,
        added.invoiceId !== null
          ? `/admin/invoices/${added.invoiceId}`
          : added.serviceIds.length
            ? `/admin/services/${added.serviceIds[0]}`
            : `/admin/clients/${clientId}`,
      );
    }
    return addServicePage(c, packageId, { form, errors: result.errors }, result.status);
  })
  .post('/:id', async (c) => {
    const { form, errors } = await formInput(c);
    const id = parseId(c.req.param('id'));
    const result = errors ? { ok: false as const, errors } : await attempt(() => updateClientProfile(c.var.em, id, form));
    if (result.ok) return redirectAfterPost(c, `/admin/clients/${id}?done=saved`);
    return clientPage(c, { values: form, errors: result.errors }, 422);
  })
  .post('/:id/credit', async (c) => {
    const { form, errors } = await formInput(c);
    const id = parseId(c.req.param('id'));
    const remove = form.direction === 'remove';
    // NOTE: a direction that is neither is refused, not read as "add": money moves only as staff chose.
    const wrongWay = form.direction !== undefined && form.direction !== 'add' && !remove;
    const result = errors
      ? { ok: false as const, errors, status: 422 as const }
      : wrongWay
        ? { ok: false as const, errors: { direction: 'Choose whether to add to the balance or take back from it.' }, status: 422 as const }
        : await attempt(() => (remove ? removeCredit : addCredit)(c.var.em, id, form, c.var.now));
    if (result.ok) return redirectAfterPost(c, `/admin/clients/${id}?done=${remove ? 'debited' : 'credited'}`);
    return clientPage(c, { creditValues: form, creditErrors: result.errors }, 422);
  })
  .post('/:id/allowed-packages', async (c) => {
    const { form, errors } = await formInput(c);
    const id = parseId(c.req.param('id'));
    const result = errors ? { ok: false as const, errors } : await attempt(() => setAllowedPackages(c.var.em, id, form));
    if (!isHtmx(c))
      return result.ok
        ? redirectAfterPost(c, `/admin/clients/${id}?done=allowed`)
        : clientPage(c, { allowErrors: result.errors, allowSent: tickedIds(form, 'packageIds') }, 422);
    const [client, restricted] = await Promise.all([loadClient(c.var.em, id), listRestrictedPackages(c.var.em)]);
    const fragment = (
      <AllowList
        client={client}
        restricted={restricted}
        canWrite
        csrfToken={c.var.csrfToken}
        errors={result.ok ? undefined : result.errors}
        sent={result.ok ? undefined : tickedIds(form, 'packageIds')}
        saved={result.ok}
      />
    );
    return c.html(fragment, result.ok ? 200 : 422);
  });
