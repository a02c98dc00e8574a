import { Hono } from 'hono';
import { NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { requireApiToken } from './auth.ts';
import { recordStaffWrites } from '../middleware/audit-actor.ts';
import { addonGroupApi } from './addon-groups.ts';
import { optionGroupApi } from './option-groups.ts';
import { billingApi } from './billing.ts';
import { catalogApi } from './catalogs.ts';
import { couponApi } from './coupons.ts';
import { gatewayApi } from './gateways.ts';
import { orderApi } from './orders.ts';
import { clientApi } from './clients.ts';
import { invoiceApi } from './invoices.ts';
import { messageApi } from './messages.ts';
import { creditNoteApi } from './credit-notes.ts';
import { openApiDocument } from './openapi.ts';
import { packagePartsApi } from './package-parts.ts';
import { packageApi } from './packages.ts';
import { pluginApi } from './plugins.ts';
import { settingsApi } from './settings.ts';
import { serviceScheduleApi } from './service-schedule.ts';
import { serviceChangeApi } from './services.ts';

let cachedDocument: ReturnType<typeof openApiDocument> | undefined;

export const apiRoutes = new Hono<Env>()
  .get('/openapi.json', (c) => c.json((cachedDocument ??= openApiDocument())))
  .use('*', requireApiToken, recordStaffWrites('api'))
  .route('/addon-groups', addonGroupApi)
  .route('/option-groups', optionGroupApi)
  .route('/catalogs', catalogApi)
  .route('/coupons', couponApi)
  .route('/gateways', gatewayApi)
  .route('/clients', clientApi)
  .route('/packages', packageApi)
  .route('/packages', packagePartsApi)
  .route('/', pluginApi)
  .route('/billing', billingApi)
  .route('/settings', settingsApi)
  // Before orderApi: this one answers GET /invoices/{id} with each line's service and period.
  .route('/invoices', invoiceApi)
  .route('/credit-notes', creditNoteApi)
  .route('/', serviceScheduleApi)
  .route('/', messageApi)
  .route('/services', serviceChangeApi)
  .route('/', orderApi)
  .all('*', () => {
    throw new NotFound('That API route');
  });
