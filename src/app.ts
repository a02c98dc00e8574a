import { Hono, type MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { bodyLimit } from 'hono/body-limit';
import { tooLarge } from './http/too-large.tsx';
import { assets, serveDir } from './http/assets.ts';
import { onError, onNotFound } from './http/errors.tsx';
import { requestContext } from './http/middleware/context.ts';
import { refuseNul } from './http/middleware/nul.ts';
import { loadSession } from './http/middleware/session.ts';
import { csrfToken, originCheck } from './http/middleware/csrf.ts';
import { adminRoutes } from './http/admin/index.ts';
import { apiRoutes } from './http/api/index.ts';
import { clientRoutes } from './http/client/index.tsx';
import { gatewayEnv } from './config.ts';
import { webhookRoutes } from './http/webhooks.ts';
import { registerStripeRefunds } from './modules/payments/stripe/refund-with-stripe.ts';
import { payRoutes } from './http/client/pay.tsx';
import { storeRoutes } from './http/client/store.tsx';
import { cartRoutes } from './http/client/cart.tsx';
import { headersOf, publicPagesFromMemory } from './http/client/public-page.ts';
import { createWebMetrics } from './observability/metrics.ts';
import { metricsRoutes } from './observability/metrics-routes.ts';
import { observeAnswered, observeRequests } from './observability/observe-requests.ts';
import { healthRoutes } from './http/health.ts';
import { queueBoard, QUEUES_PATH } from './http/admin/queues.ts';
import { requireStaff } from './http/middleware/auth.ts';
import type { AppDeps, Env } from './http/types.ts';

export type { AppDeps } from './http/types.ts';

// The rich text editor (Trix 2.1.19) adds two fixed <style> elements of its own; their hashes
// (and the empty one it inserts first) allow exactly those and no other inline style.
// NOTE: a new Trix version changes them: the browser tests fail on the CSP report.
const TRIX_STYLE_HASHES = [
  "'sha256-c5Z9aB2t69CSpeI1aC8dDLr7LZYZlynV8iY/8Uc9ZFk='",
  "'sha256-jAP18ioNeNaQBBU5RJvT96kjJnVxHvZs+s8WUNiLnvA='",
  "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
];

// NOTE: htmx runs under this CSP because it needs no eval (allowEval: false) and no inline
// styles (includeIndicatorStyles: false); img-src allows https for images in descriptions.
// Style attributes stay refused: the email preview carries its inline styles as data and
// applies them from script (public/rich-text.js).
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", ...TRIX_STYLE_HASHES],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  objectSrc: ["'none'"],
};

export function createApp(deps: AppDeps) {
  const app = new Hono<Env>();
  const metrics = deps.metrics ?? createWebMetrics({ orm: deps.orm, queues: deps.queues });
  // First of all, so every answer has an id, a time and a log line, the store's pages served from memory included.
  app.use('*', observeRequests(metrics.requests));
  registerStripeRefunds(() => deps.orm.em.fork(), gatewayEnv(deps.config), deps.config.APP_SECRET);
  app.onError(onError);
  app.notFound(onNotFound);
  const pageHeaders = secureHeaders({ contentSecurityPolicy: CSP, referrerPolicy: 'same-origin', crossOriginEmbedderPolicy: false });
  // NOTE: the queue dashboard's own bundle applies inline styles; only its pages allow them.
  const boardHeaders = secureHeaders({
    contentSecurityPolicy: { ...CSP, styleSrc: ["'self'", "'unsafe-inline'"] },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
  // NOTE: a stored email's page (staff's, the client's, and a message of the built-in inbox) shows its HTML in a sandboxed srcdoc frame, which inherits this
  // page's CSP: emails are styled inline (style attributes), so that page allows those, and only those.
  const emailHeaders = secureHeaders({
    contentSecurityPolicy: { ...CSP, styleSrcAttr: ["'unsafe-inline'"] },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
  });
  const headersFor = (path: string) =>
    path === QUEUES_PATH || path.startsWith(`${QUEUES_PATH}/`)
      ? boardHeaders
      : /^\/(admin\/(messages|inbox)|account\/messages)\/[^/]+$/.test(path)
        ? emailHeaders
        : pageHeaders;
  const pathHeaders: MiddlewareHandler = (c, next) => headersFor(c.req.path)(c, next);
  app.use('*', pathHeaders);
  app.route('/', healthRoutes(deps));
  app.route('/', metricsRoutes(metrics.registry, deps.config.METRICS_TOKEN));
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
      onError: tooLarge,
    }),
  );
  app.use('*', refuseNul);
  app.route('/api/v1', apiRoutes);
  app.use('/admin/*', originCheck, loadSession, csrfToken);
  app.route('/account', clientRoutes);
  app.route('/store', storeRoutes);
  app.route('/cart', cartRoutes);
  app.route('/pay', payRoutes);
  app.route('/webhooks', webhookRoutes);
  app.get('/', (c) => c.redirect('/admin'));
  if (deps.queues) {
    // Staff sign-in guards the dashboard like any admin page; support may look, not act.
    app.use(QUEUES_PATH, requireStaff);
    app.use(`${QUEUES_PATH}/*`, requireStaff);
    const board = queueBoard(deps.queues);
    app.all(QUEUES_PATH, board);
    app.all(`${QUEUES_PATH}/*`, board);
  }
  app.route('/admin', adminRoutes);
  // A store page already in memory is sent before routing, with the headers a page gets.
  const fromMemory = publicPagesFromMemory(deps, headersOf(pageHeaders), observeAnswered(metrics.requests));
  const route = app.fetch;
  app.fetch = (req, ...rest) => fromMemory(req) ?? route(req, ...rest);
  return app;
}
