import { describe, expect, it } from 'vitest';
import { ConfigError, devInboxActive, loadConfig } from '../../src/config.ts';

const GOOD_SECRET = 'a'.repeat(32);

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig defaults', () => {
  it('gives every default from an empty environment', () => {
    expect(loadConfig({})).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hostbill',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MAIL_FROM: 'Hostbill <billing@localhost>',
      PORT: 3000,
      HOST: '0.0.0.0',
      APP_SECRET: 'development-secret-change-me-0123456789abcdef',
      UPLOAD_DIR: 'var/uploads',
      ICON_MAX_BYTES: 262_144,
      QUEUE_PREFIX: 'hostbill',
      WORKER_CONCURRENCY: 5,
      JOB_BACKOFF_MS: 3000,
      OUTBOX_SWEEP_MS: 15_000,
      OUTBOX_RETRY_MS: 300_000,
      SCHEDULE_CHECK_MS: 30_000,
      WORKER_LOCK_MS: 30000,
      SECURE_COOKIES: 'auto',
      LOG_SQL: 'false',
      PUBLIC_URL: 'http://localhost:3000',
    });
  });

  it('treats blank variables as unset', () => {
    const c = loadConfig({ PORT: '', DATABASE_URL: '', APP_SECRET: '', PUBLIC_URL: '' });
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hostbill');
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it("gives links in emails this machine's address outside production, on the configured port", () => {
    expect(loadConfig({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://billing.example.com/' }).PUBLIC_URL).toBe('https://billing.example.com');
  });

  it('does not read process.env when given an environment', () => {
    const before = process.env.PORT;
    process.env.PORT = '9999';
    try {
      expect(loadConfig({}).PORT).toBe(3000);
      expect(loadConfig().PORT).toBe(9999);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});

describe('loadConfig reads values', () => {
  it.each<[NodeJS.ProcessEnv, Partial<ReturnType<typeof loadConfig>>]>([
    [{ PORT: '8080' }, { PORT: 8080 }],
    [{ PORT: ' 443 ' }, { PORT: 443 }],
    [{ DATABASE_URL: 'postgresql://u:p@db:5432/x' }, { DATABASE_URL: 'postgresql://u:p@db:5432/x' }],
    [{ DATABASE_URL: '  postgres://db/x  ' }, { DATABASE_URL: 'postgres://db/x' }],
    [{ REDIS_URL: 'rediss://cache:6380' }, { REDIS_URL: 'rediss://cache:6380' }],
    [{ SMTP_URL: 'smtps://mail:465' }, { SMTP_URL: 'smtps://mail:465' }],
    [{ SMTP_URL: 'smtp://mail:25?proxy=http://proxy:3128' }, { SMTP_URL: 'smtp://mail:25?proxy=http://proxy:3128' }],
    [{ PUBLIC_URL: 'https://billing.example.com' }, { PUBLIC_URL: 'https://billing.example.com' }],
    [{ ICON_MAX_BYTES: '1024' }, { ICON_MAX_BYTES: 1024 }],
    [
      { NODE_ENV: 'production', APP_SECRET: GOOD_SECRET, PUBLIC_URL: 'https://b.example.com', SMTP_URL: 'smtp://mail:25' },
      { NODE_ENV: 'production', APP_SECRET: GOOD_SECRET },
    ],
    [{ NODE_ENV: 'test' }, { NODE_ENV: 'test' }],
    [{ APP_SECRET: GOOD_SECRET }, { APP_SECRET: GOOD_SECRET }],
    [{ UNRELATED: 'x', PATH: '/usr/bin' }, { PORT: 3000 }],
  ])('%j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });
});

describe('loadConfig refuses', () => {
  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['a malformed DATABASE_URL', { DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    ['a DATABASE_URL for MySQL', { DATABASE_URL: 'mysql://u@db/x' }, 'DATABASE_URL'],
    ['PORT=abc', { PORT: 'abc' }, 'PORT'],
    ['PORT=0', { PORT: '0' }, 'PORT'],
    ['PORT=70000', { PORT: '70000' }, 'PORT'],
    ['PORT=80.5', { PORT: '80.5' }, 'PORT'],
    ['a short APP_SECRET', { APP_SECRET: 'short' }, 'APP_SECRET'],
    ['an APP_SECRET of 31 characters', { APP_SECRET: 'a'.repeat(31) }, 'APP_SECRET'],
    ['an http REDIS_URL', { REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    ['a PUBLIC_URL without a scheme', { PUBLIC_URL: 'billing.example.com' }, 'PUBLIC_URL'],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV'],
    ['a QUEUE_PREFIX with a colon', { QUEUE_PREFIX: 'a:b' }, 'QUEUE_PREFIX'],
    ['ICON_MAX_BYTES below 1024', { ICON_MAX_BYTES: '10' }, 'ICON_MAX_BYTES'],
    ['WORKER_CONCURRENCY=0', { WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY'],
    ['SECURE_COOKIES=yes', { SECURE_COOKIES: 'yes' }, 'SECURE_COOKIES'],
    ['an SMTP_URL through a SOCKS proxy', { SMTP_URL: 'smtp://mail:25?proxy=socks5://127.0.0.1:1080' }, 'SMTP_URL'],
    ['an SMTP_URL through a proxy that is no URL', { SMTP_URL: 'smtp://mail:25?proxy=nope' }, 'SMTP_URL'],
  ])('%s with a one-sentence ConfigError naming %s', (_label, env, variable) => {
    const err = errorOf(env);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(new RegExp(`^Configuration problem: ${variable} `));
    // One sentence: ends with a full stop, and no other sentence ends inside it.
    expect(err.message).toMatch(/\.$/);
    expect(err.message.slice(0, -1)).not.toMatch(/[.!?]\s/);
    expect(err.message).not.toMatch(/\n|at .*\(.*:\d+:\d+\)/);
  });

  it.each<[NodeJS.ProcessEnv, string]>([
    [{ DATABASE_URL: 'not a url' }, 'Configuration problem: DATABASE_URL must be a URL like postgres://user@127.0.0.1:5432/hostbill.'],
    [{ APP_SECRET: 'short' }, 'Configuration problem: APP_SECRET must be at least 32 characters (try: openssl rand -hex 32).'],
    [{ QUEUE_PREFIX: 'a:b' }, 'Configuration problem: QUEUE_PREFIX may hold only letters, digits, _ and -.'],
  ])('words the problem for %j', (env, message) => {
    expect(errorOf(env).message).toBe(message);
  });

  it('takes a PostgreSQL URL or off for LISTEN_DATABASE_URL, and nothing else', () => {
    expect(loadConfig({ LISTEN_DATABASE_URL: 'off' }).LISTEN_DATABASE_URL).toBe('off');
    expect(loadConfig({ LISTEN_DATABASE_URL: 'postgres://u@db:5432/h' }).LISTEN_DATABASE_URL).toBe('postgres://u@db:5432/h');
    expect(errorOf({ LISTEN_DATABASE_URL: 'mysql://u@db/h' }).message).toContain('LISTEN_DATABASE_URL');
  });

  it('names every bad variable in the one sentence', () => {
    const message = errorOf({ PORT: 'abc', APP_SECRET: 'short' }).message;
    expect(message).toContain('PORT');
    expect(message).toContain('APP_SECRET');
  });

  it.each<[NodeJS.ProcessEnv]>([
    [{ NODE_ENV: 'production' }],
    [{ NODE_ENV: 'production', APP_SECRET: 'development-secret-change-me-0123456789abcdef' }],
    [{ NODE_ENV: 'production', APP_SECRET: 'development-secret-but-longer-than-32-chars!' }],
  ])('production with the development secret: %j', (env) => {
    expect(errorOf(env).message).toBe('Configuration problem: APP_SECRET must be set to your own secret in production.');
  });

  it('requires PUBLIC_URL in production, so email links never follow a forged Host header', () => {
    expect(errorOf({ NODE_ENV: 'production', APP_SECRET: GOOD_SECRET }).message).toBe(
      'Configuration problem: PUBLIC_URL must be set in production (e.g. https://billing.example.com).',
    );
  });

  it('requires SMTP_URL in production; elsewhere its absence means the built-in inbox', () => {
    expect(errorOf({ NODE_ENV: 'production', APP_SECRET: GOOD_SECRET, PUBLIC_URL: 'https://b.example.com' }).message).toBe(
      'Configuration problem: SMTP_URL must be set in production (e.g. smtps://user:pass@mail.example.com:465).',
    );
    expect(devInboxActive(loadConfig({}))).toBe(true);
    expect(devInboxActive(loadConfig({ NODE_ENV: 'test' }))).toBe(true);
    expect(devInboxActive(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1025' }))).toBe(false);
    expect(
      devInboxActive(
        loadConfig({ NODE_ENV: 'production', APP_SECRET: GOOD_SECRET, PUBLIC_URL: 'https://b.example.com', SMTP_URL: 'smtp://mail:25' }),
      ),
    ).toBe(false);
  });

  it('accepts the development secret outside production', () => {
    expect(() => loadConfig({ NODE_ENV: 'test' })).not.toThrow();
  });
});
