import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { assets, serveDir } from './http/assets.ts';
import { onError, onNotFound } from './http/errors.tsx';
import { requestContext } from './http/middleware/context.ts';
import { refuseNulInQuery } from './http/middleware/nul.ts';
import { loadSession } from './http/middleware/session.ts';
import { csrfToken, originCheck } from './http/middleware/csrf.ts';
import { adminRoutes } from './http/admin/index.ts';
import { apiRoutes } from './http/api/index.ts';
import { clientRoutes } from './http/client/index.tsx';
import { healthRoutes } from './http/health.ts';
import { queueBoard, QUEUES_PATH } from './http/admin/queues.ts';
import { requireStaff } from './http/middleware/auth.ts';
import type { AppDeps, Env } from './http/types.ts';

export type { AppDeps } from './http/types.ts';

// NOTE: htmx runs under this CSP because it needs no eval (allowEval: false) and no inline
// styles (includeIndicatorStyles: false); img-src allows https for images in descriptions.
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

export function createApp(deps: AppDeps) {
  const app = new Hono<Env>();
  app.onError(onError);
  app.notFound(onNotFound);
  app.use('*', secureHeaders({ contentSecurityPolicy: CSP, referrerPolicy: 'same-origin', crossOriginEmbedderPolicy: false }));
  app.route('/', healthRoutes(deps));
  app.route('/assets', assets());
  app.route('/uploads', serveDir(deps.config.UPLOAD_DIR, 86400));
  app.use('*', requestContext(deps));
  // After any write, hand its committed outbox rows to the queues at once.
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') deps.relay?.kick();
  });
  // Icons are the largest uploads; everything else is small.
  app.use(
    '*',
    bodyLimit({
      maxSize: deps.config.ICON_MAX_BYTES + 256 * 1024,
      onError: (c) => (c.req.path.startsWith('/api/') ? c.json({ error: { status: 413, message: 'That request is too large.' } }, 413) : c.text('That request is too large.', 413)),
    }),
  );
  app.use('*', refuseNulInQuery);
  app.route('/api/v1', apiRoutes);
  app.use('/admin/*', originCheck, loadSession, csrfToken);
  app.route('/account', clientRoutes);
  app.get('/', (c) => c.redirect('/admin'));
  if (deps.queues) {
    // NOTE: the dashboard's own scripts set inline styles and post JSON (same-origin only,
    // enforced by the Origin check and by CORS preflight); staff sign-in guards it like any page.
    app.use(`${QUEUES_PATH}/*`, requireStaff, async (c, next) => {
      await next();
      c.res.headers.set('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    });
    app.route(QUEUES_PATH, queueBoard(deps.queues));
  }
  app.route('/admin', adminRoutes);
  return app;
}
