import { z } from 'zod';

// Parsed once at start-up; every process (web, worker, cli) reads the same shape.
const urlWith = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

/** A `?proxy=` in SMTP_URL is one nodemailer can open unaided: HTTP CONNECT, not SOCKS. */
function httpProxyOnly(url: string): boolean {
  try {
    const proxy = new URL(url).searchParams.get('proxy');
    return proxy === null || ['http:', 'https:'].includes(new URL(proxy).protocol);
  } catch {
    // SMTP_URL itself no URL (the URL check says so), or its proxy no URL (refused here).
    return !URL.canParse(url);
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/hostbill').default(
    'postgres://postgres@127.0.0.1:5432/hostbill',
  ),
  /**
   * Where web processes LISTEN for committed changes (their in-memory cache): DATABASE_URL unless
   * that goes through a pooler in transaction mode, which cannot hold a LISTEN; `off` turns the
   * cache off (every read goes to the database).
   */
  LISTEN_DATABASE_URL: z
    .union([z.literal('off'), urlWith(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/hostbill')])
    .optional(),
  REDIS_URL: urlWith(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  /** Outgoing mail; unset outside production, mail goes to the built-in inbox (/admin/inbox) instead. */
  SMTP_URL: urlWith(['smtp:', 'smtps:'], 'smtp://127.0.0.1:1025')
    .refine(httpProxyOnly, 'may name only an http:// or https:// proxy (SOCKS needs a module this build does not include)')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default('Hostbill <billing@localhost>'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PUBLIC_URL: urlWith(['http:', 'https:'], 'https://billing.example.com').optional(),
  APP_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (try: openssl rand -hex 32)')
    .default('development-secret-change-me-0123456789abcdef'),
  UPLOAD_DIR: z.string().trim().min(1).default('var/uploads'),
  ICON_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10_000_000)
    .default(256 * 1024),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'may hold only letters, digits, _ and -')
    .default('hostbill'),
  WORKER_QUEUES: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  JOB_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(3000),
  /** How often the outbox sweep runs (it enqueues what Redis lost and what is due again). */
  OUTBOX_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** How long work whose job used up its retries waits before the sweep hands it over again. */
  OUTBOX_RETRY_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(86_400_000)
    .default(5 * 60_000),
  /** How often a worker checks its repeating jobs are still registered (Redis may lose them). */
  SCHEDULE_CHECK_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  WORKER_LOCK_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  LOG_SQL: z.enum(['true', 'false']).default('false'),
  /** The bearer token Prometheus sends to /metrics (web and worker health port); unset: no metrics. */
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters (try: openssl rand -hex 24)').optional(),
  /** The demo payment gateway (approve or decline on a page); off in production unless asked for. */
  TEST_GATEWAY: z.enum(['on', 'off']).optional(),
  /** Where the Stripe SDK sends its requests; unset means api.stripe.com (set for a local stand-in). */
  STRIPE_API_URL: urlWith(['http:', 'https:'], 'http://127.0.0.1:12111').optional(),
});

/** PUBLIC_URL is always set once loaded: links in emails never come from a request header. */
export type Config = Omit<z.infer<typeof schema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

/** Whether the test gateway may take payments: never in production unless explicitly on. */
export function testGatewayEnabled(config: Pick<Config, 'NODE_ENV' | 'TEST_GATEWAY'>): boolean {
  return (config.TEST_GATEWAY ?? (config.NODE_ENV === 'production' ? 'off' : 'on')) === 'on';
}

/**
 * Whether mail goes to the built-in inbox instead of SMTP: outside production with no SMTP_URL,
 * so a first run shows its emails without a mail server (production refuses to start without one).
 */
export function devInboxActive(config: Pick<Config, 'NODE_ENV' | 'SMTP_URL'>): boolean {
  return config.NODE_ENV !== 'production' && !config.SMTP_URL;
}

/** What payment gateways need from the configuration (src/modules/payments/gateway.ts). */
export function gatewayEnv(config: Config) {
  return { publicUrl: config.PUBLIC_URL, stripeApiUrl: config.STRIPE_API_URL, testGateway: testGatewayEnabled(config) };
}

/** Reads the environment; a bad value becomes one readable sentence, not a stack trace. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`Configuration problem: ${issues.join('; ')}.`);
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.APP_SECRET.startsWith('development-secret')) {
    throw new ConfigError('Configuration problem: APP_SECRET must be set to your own secret in production.');
  }
  // NOTE: links in emails (password reset) must not follow a forged Host header, so they come
  // from PUBLIC_URL only; outside production it defaults to this machine's own address.
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.PUBLIC_URL) {
    throw new ConfigError('Configuration problem: PUBLIC_URL must be set in production (e.g. https://billing.example.com).');
  }
  // NOTE: outside production a missing SMTP_URL means the built-in inbox; in production it would
  // mean every email silently kept in a table no client reads.
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SMTP_URL) {
    throw new ConfigError('Configuration problem: SMTP_URL must be set in production (e.g. smtps://user:pass@mail.example.com:465).');
  }
  return { ...parsed.data, PUBLIC_URL: (parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`).replace(/\/+$/, '') };
}
