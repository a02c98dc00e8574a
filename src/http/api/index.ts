import { Hono } from 'hono';
import { NotFound } from '../../modules/shared/errors.ts';
import type { Env } from '../types.ts';
import { requireApiToken } from './auth.ts';
import { catalogApi } from './catalogs.ts';
import { orderApi } from './orders.ts';
import { clientApi } from './clients.ts';
import { openApiDocument } from './openapi.ts';
import { packagePartsApi } from './package-parts.ts';
import { packageApi } from './packages.ts';
import { pluginApi } from './plugins.ts';

let cachedDocument: ReturnType<typeof openApiDocument> | undefined;

export const apiRoutes = new Hono<Env>()
  .get('/openapi.json', (c) => c.json((cachedDocument ??= openApiDocument())))
  .use('*', requireApiToken)
  .route('/catalogs', catalogApi)
  .route('/clients', clientApi)
  .route('/packages', packageApi)
  .route('/packages', packagePartsApi)
  .route('/', pluginApi)
  .route('/', orderApi)
  .all('*', () => {
    throw new NotFound('That API route');
  });
