import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { isAlias, parseDocument, visit } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, testGatewayEnabled } from '../../src/config.ts';

// Checks docker-compose.yml without Docker: it must be valid against the Compose Specification
// schema (test/fixtures/compose-spec.json, compose-spec's schema/compose-spec.json as shipped in
// the npm package dclint@3.1.0, schemas/compose.schema.json) and keep the properties the stack
// depends on.

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

type Service = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  container_name?: string;
  ports?: (string | number | { target?: number | string; published?: number | string; host_ip?: string })[];
  expose?: (string | number)[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  restart?: string;
  scale?: number | string;
  deploy?: { replicas?: number | string };
};
type Compose = {
  'x-app-env'?: Record<string, string>;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

const composeText = read('docker-compose.yml');
const doc = parseDocument(composeText, { merge: true, prettyErrors: true });
const compose = doc.toJS({ maxAliasCount: 100 }) as Compose;
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};

/**
 * Compose's own interpolation for a shell with only `env` set: `${X:-d}`/`${X-d}` give d, `${X}`
 * gives '', and `${X:?message}`/`${X?message}` refuse to start with the message.
 */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g,
    (whole, name?: string, colon?: string, op?: string, word?: string) => {
      if (whole === '$$') return '$';
      const set = env[name!];
      if (set !== undefined && !(colon === ':' && set === '')) return set;
      if (op === '?') throw new Error(`required variable ${name} is missing a value: ${word}`);
      return word ?? '';
    },
  );
}

/** What a user sets before `docker compose up`, as the compose file's comment tells them. */
const USER_ENV = { APP_SECRET: 'f'.repeat(64) };

function envOf(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

const tokens = (command: Service['command']) =>
  command === undefined ? [] : Array.isArray(command) ? command : command.trim().split(/\s+/);
const healthTest = (s: Service) => tokens(s.healthcheck?.test);

/** Short ("[ip:]published:target[/proto]", after interpolation) and long port syntax. */
function ports(s: Service, env: Record<string, string> = {}) {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        host_ip: interpolate(p.host_ip ?? '', env),
        published: interpolate(String(p.published ?? ''), env),
        target: String(p.target ?? ''),
      };
    }
    const parts = interpolate(String(p), env)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = parts.pop()!;
    const published = parts.pop() ?? '';
    return { host_ip: parts.join(':'), published, target };
  });
}

/** Named-volume mounts, as {source, target}; bind mounts (paths) are left out. */
function namedMounts(s: Service) {
  return (s.volumes ?? []).flatMap((v) => {
    if (typeof v === 'object') return v.type === 'volume' && v.source ? [{ source: v.source, target: v.target ?? '' }] : [];
    const [source = '', target = ''] = v.split(':');
    return /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(source) ? [{ source, target }] : [];
  });
}

function dependsOn(s: Service): Record<string, string> {
  const d = s.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v.condition ?? 'service_started']));
}

/** The value after `flag` in a command line, whether written `--flag value` or `--flag=value`. */
function flagValue(argv: string[], flag: string) {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** Ports published on more than loopback: a bare "published:target" or "target" listens on every interface. */
function portsOffLoopback(c: Compose, env: Record<string, string> = {}) {
  return Object.entries(c.services).flatMap(([name, s]) =>
    ports(s, env)
      .filter((p) => p.host_ip !== '127.0.0.1')
      .map((p) => `${name}: ${p.host_ip ? `${p.host_ip}:` : ''}${p.published}:${p.target}`),
  );
}

/**
 * Whether an image reference names one exact release: a digest, or a tag whose version has every
 * part the project publishes (PostgreSQL releases are major.minor, the others major.minor.patch).
 * No tag, `latest`, `16`, `7.4` or `24-bookworm-slim` all move under you.
 */
function isPinned(image: string) {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return false;
  const [repo, tag] = [image.slice(0, colon), image.slice(colon + 1)];
  const parts = repo.split('/').at(-1) === 'postgres' ? 2 : 3;
  return new RegExp(`^v?\\d+(\\.\\d+){${parts - 1}}(-[a-z0-9.-]+)?$`).test(tag);
}

/** The base images a Dockerfile builds from (each FROM's image, stage names left out). */
const fromImages = (dockerfile: string) => [...dockerfile.matchAll(/^FROM\s+(?:--\S+\s+)*(\S+)/gm)].map((m) => m[1]!);

/**
 * Runs the migrate service's command in a real shell with `npm` replaced by a stub that logs each
 * `npm run <script>` and fails for the scripts in `failing`; returns what ran and the exit code.
 */
function runMigrate(env: Record<string, string>, failing: string[] = []) {
  const argv = tokens(svc('migrate').command).map((t) => interpolate(t, env));
  const dir = mkdtempSync(join(tmpdir(), 'compose-migrate-'));
  try {
    const log = join(dir, 'ran.log');
    writeFileSync(join(dir, 'npm'), `#!/bin/sh\necho "$*" >> "${log}"\ncase " ${failing.join(' ')} " in *" $2 "*) exit 1;; esac\n`);
    chmodSync(join(dir, 'npm'), 0o755);
    const [cmd, ...args] = argv;
    const result = spawnSync(cmd!, args, { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
    const ran = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    return { ran, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function composeValidator() {
  const { $schema, ...schema } = JSON.parse(read('test/fixtures/compose-spec.json')) as Record<string, unknown>;
  // The file names its meta-schema "https://json-schema.org/draft-07/schema"; ajv knows draft-07
  // under the http:// id, so drop the field and let ajv check the schema against its own draft-07.
  expect($schema).toMatch(/draft-07/);
  const ajv = new Ajv({ allErrors: true });
  return ajv.compile(schema);
}

const APP_SERVICES = ['migrate', 'web', 'worker'] as const;

describe('docker-compose.yml', () => {
  it('parses as YAML with no errors or warnings, and its merge keys are resolved', () => {
    expect(doc.errors.map(String)).toEqual([]);
    expect(doc.warnings.map(String)).toEqual([]);
    expect(JSON.stringify(compose)).not.toContain('"<<"');
    expect(Object.keys(compose.services).sort()).toEqual(['mailpit', 'migrate', 'postgres', 'redis', 'web', 'worker']);
  });

  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is not vacuous: it rejects a bad key and a bad depends_on condition', () => {
    const validate = composeValidator();
    const unknownKey = structuredClone(compose);
    (unknownKey.services.worker as Record<string, unknown>).replicas = 3;
    expect(validate(unknownKey)).toBe(false);

    const badCondition = structuredClone(compose);
    badCondition.services.web!.depends_on = { postgres: { condition: 'service_ready' } };
    expect(validate(badCondition)).toBe(false);
  });

  it('declares every named volume it mounts, and mounts every one it declares', () => {
    const declared = Object.keys(compose.volumes ?? {}).sort();
    const used = [...new Set(Object.values(compose.services).flatMap((s) => namedMounts(s).map((m) => m.source)))].sort();
    expect(used).toEqual(declared);
  });

  it('depends only on services it defines', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const dep of Object.keys(dependsOn(s))) expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
    }
  });

  it('publishes every port on 127.0.0.1 only, with the defaults and with every port override set', () => {
    expect(portsOffLoopback(compose)).toEqual([]);
    const overrides = Object.fromEntries([...composeText.matchAll(/\$\{([A-Z_]+_HOST_PORT)\b/g)].map((m) => [m[1]!, '15000']));
    expect(Object.keys(overrides).length).toBeGreaterThanOrEqual(4);
    expect(portsOffLoopback(compose, overrides)).toEqual([]);
    // Something is published at all: web, mailpit and the infrastructure.
    expect(Object.values(compose.services).flatMap((s) => ports(s)).length).toBeGreaterThanOrEqual(5);
  });

  it('the loopback check is not vacuous: it flags a port on every interface, short or long syntax', () => {
    const bare = structuredClone(compose);
    bare.services.web!.ports = ['3000:3000'];
    expect(portsOffLoopback(bare)).toEqual(['web: 3000:3000']);
    const long = structuredClone(compose);
    long.services.mailpit!.ports = [{ target: 8025, published: 8025 }];
    expect(portsOffLoopback(long)).toEqual(['mailpit: 8025:8025']);
    const anyIp = structuredClone(compose);
    anyIp.services.postgres!.ports = ['0.0.0.0:5432:5432'];
    expect(portsOffLoopback(anyIp)).toEqual(['postgres: 0.0.0.0:5432:5432']);
  });

  it('pins every pulled image to an exact release', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      // The app services build their image here; only their local name is given.
      if (s.build !== undefined) continue;
      expect(s.image, name).toBeDefined();
      expect(isPinned(s.image!), `${name}: ${s.image}`).toBe(true);
    }
  });

  it('the pin check is not vacuous: no tag, latest and major- or minor-only tags fail it', () => {
    for (const image of ['postgres:16.11', 'redis:7.4.6', 'axllent/mailpit:v1.28.0', 'node:24.21.0-bookworm-slim']) {
      expect(isPinned(image), image).toBe(true);
    }
    expect(isPinned(`redis@sha256:${'a'.repeat(64)}`)).toBe(true);
    for (const image of [
      'postgres',
      'postgres:latest',
      'postgres:16',
      'postgres:16-alpine',
      'redis:7',
      'redis:7.4',
      'redis:7.4-alpine',
      'axllent/mailpit',
      'axllent/mailpit:latest',
      'axllent/mailpit:v1',
      'node:24-bookworm-slim',
      'node:lts',
      'localhost:5000/redis',
    ]) {
      expect(isPinned(image), image).toBe(false);
    }
  });

  it('publishes PostgreSQL, Redis and SMTP on 127.0.0.1 only, on their usual ports by default', () => {
    // For `docker compose up -d postgres redis mailpit` with the app on the host (README); never on the LAN.
    expect(ports(svc('postgres'))).toEqual([{ host_ip: '127.0.0.1', published: '5432', target: '5432' }]);
    expect(ports(svc('redis'))).toEqual([{ host_ip: '127.0.0.1', published: '6379', target: '6379' }]);
    expect(ports(svc('mailpit')).filter((p) => p.target === '1025')).toEqual([{ host_ip: '127.0.0.1', published: '1025', target: '1025' }]);
  });

  describe('postgres', () => {
    const pg = svc('postgres');
    it('runs PostgreSQL 15 or 16 with a pg_isready healthcheck and a named data volume', () => {
      expect(pg.image).toMatch(/^postgres:1[56]([.-]|$)/);
      expect(healthTest(pg).join(' ')).toMatch(/\bpg_isready\b/);
      expect(namedMounts(pg).map((m) => m.target)).toContain('/var/lib/postgresql/data');
    });

    it('creates the hostbill database with the credentials the app connects with', () => {
      const env = envOf(pg);
      expect(env.POSTGRES_DB).toBe('hostbill');
      expect(env.POSTGRES_USER).toBeTruthy();
      expect(env.POSTGRES_PASSWORD).toBeTruthy();
      const url = new URL(envOf(svc('web')).DATABASE_URL!);
      expect(decodeURIComponent(url.username)).toBe(env.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(env.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
    });
  });

  describe('redis', () => {
    const redis = svc('redis');
    it('runs Redis 7 with an append-only file and noeviction (BullMQ must never lose keys)', () => {
      expect(redis.image).toMatch(/^redis:7([.-]|$)/);
      const argv = tokens(redis.command);
      expect(argv[0]).toBe('redis-server');
      expect(flagValue(argv, '--appendonly')).toBe('yes');
      expect(flagValue(argv, '--maxmemory-policy')).toBe('noeviction');
    });

    it('has a redis-cli ping healthcheck and a named volume for /data', () => {
      expect(healthTest(redis).join(' ')).toMatch(/\bredis-cli\b.*\bping\b/);
      expect(namedMounts(redis).map((m) => m.target)).toContain('/data');
    });
  });

  describe('mailpit', () => {
    const mailpit = svc('mailpit');
    it('catches mail on SMTP port 1025 and publishes its web inbox on 8025', () => {
      expect(mailpit.image).toMatch(/^axllent\/mailpit(:|$)/);
      expect(ports(mailpit)).toContainEqual({ host_ip: '127.0.0.1', published: '8025', target: '8025' });
      const smtp = new URL(envOf(svc('web')).SMTP_URL!);
      expect(smtp.hostname).toBe('mailpit');
      expect(smtp.port).toBe('1025');
    });
  });

  describe('app services', () => {
    it('web, worker and migrate run the same image, built from the Dockerfile at the project root', () => {
      for (const name of APP_SERVICES) {
        const s = svc(name);
        const build = typeof s.build === 'string' ? { context: s.build } : s.build;
        expect(build?.context, name).toBe('.');
        expect(existsSync(`${root}${build?.dockerfile ?? 'Dockerfile'}`), name).toBe(true);
      }
      expect(new Set(APP_SERVICES.map((n) => svc(n).image)).size).toBe(1);
    });

    it('run npm scripts that package.json defines', () => {
      const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
      expect(tokens(svc('web').command)).toEqual(['npm', 'run', 'web']);
      expect(tokens(svc('worker').command)).toEqual(['npm', 'run', 'worker']);
      for (const name of APP_SERVICES) expect(scripts).toHaveProperty(name);
      const migrateScripts = [
        ...tokens(svc('migrate').command)
          .join(' ')
          .matchAll(/\bnpm run ([\w:-]+)/g),
      ].map((m) => m[1]!);
      expect(migrateScripts).toEqual(['migrate', 'seed']);
      for (const name of migrateScripts) expect(scripts).toHaveProperty(name);
    });

    it('share one environment through the x-app-env anchor', () => {
      const shared = compose['x-app-env'];
      expect(shared).toBeDefined();
      const aliases: string[] = [];
      visit(doc, { Alias: (_key, node) => void (isAlias(node) && aliases.push(node.source)) });
      expect(aliases).toContain('app-env');
      for (const name of APP_SERVICES) {
        const env = envOf(svc(name));
        for (const [key, value] of Object.entries(shared!)) expect(env[key], `${name}.${key}`).toBe(String(value));
      }
    });

    it('point at the compose services and set every variable the brief asks for', () => {
      const env = envOf(svc('web'));
      expect(env.DATABASE_URL).toBe('postgres://hostbill:hostbill@postgres:5432/hostbill');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(env.PORT).toBe('3000');
      expect(env.UPLOAD_DIR).toBe('/app/var/uploads');
    });

    it('has no published default for APP_SECRET: compose refuses to start without one, saying how to make it', () => {
      const env = envOf(svc('web'));
      expect(env.APP_SECRET).toMatch(/^\$\{APP_SECRET:\?[^}]+\}$/);
      expect(() => interpolate(env.APP_SECRET!)).toThrow(/APP_SECRET is missing a value: is not set\. Make one with openssl rand -hex 32/);
      expect(() => interpolate(env.APP_SECRET!, { APP_SECRET: '' })).toThrow(/APP_SECRET/);
      expect(interpolate(env.APP_SECRET!, USER_ENV)).toBe(USER_ENV.APP_SECRET);
      expect(composeText).toContain('openssl rand -hex 32');
    });

    it('give an environment the app accepts with only APP_SECRET set, with no unknown variables', () => {
      for (const name of APP_SERVICES) {
        const env = Object.fromEntries(Object.entries(envOf(svc(name))).map(([k, v]) => [k, interpolate(v, USER_ENV)]));
        const config = loadConfig(env) as Record<string, unknown>;
        expect(config.NODE_ENV).toBe('production');
        expect(config.PORT).toBe(3000);
        expect(config.HOST).toBe('0.0.0.0');
        // A misspelt name would be silently ignored by the app; an empty one is "unset" to it.
        for (const [key, value] of Object.entries(env)) if (value !== '') expect(config, `${name}.${key}`).toHaveProperty(key);
      }
    });

    it('web and worker start only once postgres and redis are healthy and migrate has completed', () => {
      for (const name of ['web', 'worker']) {
        expect(dependsOn(svc(name)), name).toMatchObject({
          postgres: 'service_healthy',
          redis: 'service_healthy',
          migrate: 'service_completed_successfully',
        });
      }
    });

    it('migrate is a one-shot that waits for a healthy postgres', () => {
      const migrate = svc('migrate');
      expect(migrate.restart).toBe('no');
      expect(dependsOn(migrate)).toMatchObject({ postgres: 'service_healthy' });
      expect(migrate.ports ?? []).toEqual([]);
    });

    it('web publishes port 3000 and has a /healthz check that needs no curl', () => {
      const web = svc('web');
      expect(ports(web)).toEqual([{ host_ip: '127.0.0.1', published: '3000', target: '3000' }]);
      // Links in mail and redirects use PUBLIC_URL: by default it is the published port.
      expect(new URL(interpolate(envOf(web).PUBLIC_URL!)).port).toBe('3000');
      const test = healthTest(web);
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(test.join(' ')).toContain("fetch('http://localhost:3000/healthz')");
      expect(test.join(' ')).not.toMatch(/\b(curl|wget)\b/);
    });

    describe('demo mode (DEMO, on by default)', () => {
      it('by default migrate applies the migrations, then seeds (which adds data only to an empty database)', () => {
        expect(runMigrate(USER_ENV)).toEqual({ ran: ['run migrate', 'run seed'], status: 0 });
        expect(runMigrate({ ...USER_ENV, DEMO: 'on' })).toEqual({ ran: ['run migrate', 'run seed'], status: 0 });
      });

      it('with DEMO=off migrate only applies the migrations', () => {
        expect(runMigrate({ ...USER_ENV, DEMO: 'off' })).toEqual({ ran: ['run migrate'], status: 0 });
      });

      it('a failed migration fails the step (web and worker do not start) and nothing is seeded', () => {
        expect(runMigrate(USER_ENV, ['migrate'])).toEqual({ ran: ['run migrate'], status: 1 });
        expect(runMigrate(USER_ENV, ['seed']).status).toBe(1);
      });

      it('turns the test payment gateway on for every app process by default, and off with DEMO=off', () => {
        for (const name of APP_SERVICES) {
          const configFor = (env: Record<string, string>) =>
            loadConfig(Object.fromEntries(Object.entries(envOf(svc(name))).map(([k, v]) => [k, interpolate(v, env)])));
          expect(testGatewayEnabled(configFor(USER_ENV)), name).toBe(true);
          expect(testGatewayEnabled(configFor({ ...USER_ENV, DEMO: 'off' })), name).toBe(false);
        }
      });

      it('the compose file says how to turn it off for a real install', () => {
        expect(composeText).toMatch(/^# .*DEMO=off/m);
      });
    });

    it('web and worker keep uploads on a named volume at UPLOAD_DIR', () => {
      for (const name of ['web', 'worker']) {
        const s = svc(name);
        expect(namedMounts(s), name).toContainEqual({ source: 'uploads', target: envOf(s).UPLOAD_DIR });
      }
    });

    it('worker can be scaled: no container_name, no published ports, no fixed replica count', () => {
      const worker = svc('worker');
      expect(worker).not.toHaveProperty('container_name');
      expect(worker.ports ?? []).toEqual([]);
      expect(worker.scale).toBeUndefined();
      expect(worker.deploy?.replicas).toBeUndefined();
    });
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  const stages = dockerfile
    .split(/^FROM /m)
    .slice(1)
    .map((st) => `FROM ${st}`);

  it('builds from the exact Node release package.json pins for development, in both stages', () => {
    const pinned = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.node;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(fromImages(dockerfile)).toEqual([`node:${pinned}-bookworm-slim`, `node:${pinned}-bookworm-slim`]);
    for (const image of fromImages(dockerfile)) expect(isPinned(image), image).toBe(true);
  });

  it('builds in a stage of its own and runs compiled JavaScript on node:24-bookworm-slim with production dependencies, as node', () => {
    expect(lines[0]).toMatch(/^FROM node:24\.\d+\.\d+-bookworm-slim AS build$/);
    expect(stages).toHaveLength(2);
    const [build, run] = stages as [string, string];
    expect(build).toMatch(/^RUN npm run build$/m);
    expect(run).toMatch(/^FROM node:24\.\d+\.\d+-bookworm-slim$/m);
    expect(run).toMatch(/^WORKDIR \/app$/m);
    expect(run).toMatch(/^COPY package\.json package-lock\.json \.\/$/m);
    expect(run).toMatch(/^RUN npm (ci|install) --omit=dev\b/m);
    expect(run).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(run).toMatch(/^USER node$/m);
    expect(run).toMatch(/^EXPOSE 3000$/m);
    expect(run).toMatch(
      /^CMD \["node", "--enable-source-maps", "--max-semi-space-size=4", "--max-old-space-size=256", "dist\/jobs\/start\.js"\]$/m,
    );
    // The run stage has no sources and no compiler: every script it runs reads dist/.
    expect(run).not.toMatch(/^COPY (src|views|jobs)\b/m);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['web', 'worker', 'migrate', 'seed', 'cli']) expect(scripts[name], name).toMatch(/ dist\//);
    for (const name of ['web', 'worker', 'migrate', 'seed', 'cli']) expect(scripts[name], name).not.toContain('tsx');
  });

  it('compiles every directory the app reads at run time, and they exist', () => {
    const build = stages[0]!;
    for (const dir of ['src', 'views', 'jobs', 'migrations', 'public', 'scripts']) {
      expect(statSync(`${root}${dir}`).isDirectory(), dir).toBe(true);
      expect(build, dir).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
    }
    expect(build).toMatch(/^COPY tsconfig\.json tsconfig\.build\.json \.\/$/m);
  });

  it('.dockerignore keeps node_modules, git and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '.git', '.env']) expect(ignored).toContain(entry);
    // ...but not what the image needs.
    for (const needed of [
      'src',
      'views',
      'jobs',
      'migrations',
      'public',
      'scripts',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ]) {
      expect(ignored).not.toContain(needed);
    }
  });
});
