import { Hono } from 'hono';
import { createClient } from '../../modules/clients/create-client.ts';
import { listClients } from '../../modules/clients/list-clients.ts';
import { loadClient } from '../../modules/clients/load-client.ts';
import { setAllowedPackages } from '../../modules/clients/set-allowed-packages.ts';
import { updateClientProfile } from '../../modules/clients/update-client-profile.ts';
import { addServiceForClient } from '../../modules/services/add-service-for-client.ts';
import { createManualInvoice } from '../../modules/invoicing/create-manual-invoice.ts';
import { describeInvoice } from '../../modules/invoicing/describe-invoice.ts';
import { baseUrlOf } from '../client/form-input.ts';
import type { Env } from '../types.ts';
import { jsonBody, pathId } from './json.ts';

export const clientApi = new Hono<Env>()
  .get('/', async (c) => {
    const result = await listClients(c.var.em, c.req.query());
    return c.json({
      data: result.items,
      meta: { total: result.total, page: result.query.page, perPage: result.query.perPage, pages: result.pages },
    });
  })
  // Creates the account without a password and emails the client a link to set one.
  .post('/', async (c) => {
    const client = await createClient(c.var.em, await jsonBody(c), { now: c.var.now, baseUrl: baseUrlOf(c) });
    return c.json({ data: await loadClient(c.var.em.fork(), client.id) }, 201);
  })
  .get('/:id', async (c) => c.json({ data: await loadClient(c.var.em, pathId(c.req.param('id'))) }))
  .patch('/:id', async (c) => {
    const id = pathId(c.req.param('id'));
    await updateClientProfile(c.var.em, id, await jsonBody(c));
    return c.json({ data: await loadClient(c.var.em, id) });
  })
  // Staff add a package to the client: invoiced, activated without an invoice, or an existing account recorded.
  .post('/:id/services', async (c) => {
    const id = pathId(c.req.param('id'));
    const added = await addServiceForClient(c.var.em, id, await jsonBody(c), { actor: `api:${c.var.staff!.email}`, now: c.var.now });
    return c.json({ data: added }, 201);
  })
  // Staff invoice the client for lines of their own: numbered at once, emailed unless `sendEmail` is false.
  .post('/:id/invoices', async (c) => {
    const id = pathId(c.req.param('id'));
    const { invoiceId } = await createManualInvoice(c.var.em, id, await jsonBody(c), c.var.now);
    return c.json({ data: await describeInvoice(c.var.em.fork(), invoiceId) }, 201);
  })
  .put('/:id/allowed-packages', async (c) => {
    const id = pathId(c.req.param('id'));
    await setAllowedPackages(c.var.em, id, await jsonBody(c));
    return c.json({ data: await loadClient(c.var.em, id) });
  });
