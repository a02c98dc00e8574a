import { Hono, type Context } from 'hono';
import { confirmServiceChange } from '../../modules/scaling/confirm-service-change.ts';
import { previewServiceChange, type ServiceChangePreview } from '../../modules/scaling/preview-service-change.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

// Moving a service to another package for a client: preview the amounts, then confirm them.

/** The preview as the API shows it: the snapshot the service will take is internal. */
const shown = ({ snapshot: _snapshot, ...rest }: ServiceChangePreview) => rest;

const serviceId = (c: Context<Env>) => pathId(c.req.param('id'));

export const serviceChangeApi = new Hono<Env>()
  .post('/:id/change-package/preview', async (c) =>
    c.json({ data: shown(await previewServiceChange(c.var.em, { serviceId: serviceId(c) }, await jsonBody(c), c.var.now)) }),
  )
  .post('/:id/change-package/confirm', async (c) => {
    const done = await confirmServiceChange(
      c.var.em,
      { serviceId: serviceId(c), actor: `api:${c.var.staff!.email}` },
      await jsonBody(c),
      c.var.now,
    );
    return c.json({ data: { changeId: done.changeId, status: done.status, invoiceId: done.invoiceId, preview: shown(done.preview) } }, 201);
  });
