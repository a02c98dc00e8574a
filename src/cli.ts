import { parseArgs } from 'node:util';
import { openDatabase, runMain } from './boot.ts';
import { seedDemo, DEMO_OWNER } from './db/seeders/demo.ts';
import { createApiToken } from './modules/staff/create-api-token.ts';
import { createStaff } from './modules/staff/create-staff.ts';
import { DomainError, NotFound } from './modules/shared/errors.ts';
import { calendarDateOf, compareDates, isCalendarDate } from './modules/shared/dates.ts';
import { runBillingNow } from './modules/billing/run-billing-now.ts';
import { startWeb, closeServer } from './server.ts';
import { openRedis } from './boot.ts';

const USAGE = `Usage: npm run cli -- <command> [options]
  migrate                                   apply pending migrations (creating the database if needed)
  seed                                      add demo data to an empty database
  web                                       run the web server
  staff:create --email E --password P --name N --role owner|admin|support
  token:create --email E [--name N]         print a new staff API token (shown once)
  billing:run [--as-of YYYY-MM-DD]          bill due renewals now, in this process (as of today by default)`;

runMain(async (config) => {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'as-of': { type: 'string' },
    },
    strict: false,
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  if (command === 'web') {
    const orm = await openDatabase(config, { requireMigrated: true });
    const redis = await openRedis(config).catch(() => undefined);
    const server = await startWeb({ orm, config, redis });
    const stop = async () => {
      await closeServer(server);
      await orm.close();
      redis?.disconnect();
      process.exit(0);
    };
    process.once('SIGTERM', () => void stop());
    process.once('SIGINT', () => void stop());
    return;
  }
  const orm = await openDatabase(config, { migrate: true, create: true });
  const em = orm.em.fork();
  try {
    switch (command) {
      case 'migrate':
        console.log('Database is up to date.');
        break;
      case 'seed':
        console.log(
          (await seedDemo(em, config.APP_SECRET))
            ? `Demo data added. Sign in at /admin as ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`
            : 'The database already has data; nothing seeded.',
        );
        break;
      case 'staff:create': {
        const staff = await createStaff(em, values);
        console.log(`Created ${staff.role} ${staff.email} (id ${staff.id}).`);
        break;
      }
      case 'token:create': {
        const token = await createApiToken(em, String(values.email ?? ''), String(values.name ?? 'cli'));
        console.log(token);
        console.error('Store this token now: it is not shown again.');
        break;
      }
      case 'billing:run': {
        const asOf = String(values['as-of'] ?? calendarDateOf(new Date()));
        if (!isCalendarDate(asOf)) throw new DomainError('Give a date as YYYY-MM-DD.', 'as-of');
        // A run dated ahead would invoice every period up to that day at once.
        if (compareDates(asOf, calendarDateOf(new Date())) > 0) throw new DomainError('Give today or an earlier day.', 'as-of');
        const { runId, invoices } = await runBillingNow(em, asOf, new Date(), { trigger: 'staff', actor: 'cli' });
        console.log(`Billing run #${runId} as of ${asOf}: ${invoices} invoice${invoices === 1 ? '' : 's'} made.`);
        break;
      }
      default:
        console.error(`Unknown command "${command}".\n${USAGE}`);
        process.exitCode = 2;
    }
  } catch (err) {
    if (err instanceof DomainError) {
      for (const [field, message] of Object.entries(err.fields)) console.error(`--${field}: ${message}`);
      process.exitCode = 1;
    } else if (err instanceof NotFound) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await orm.close();
  }
});
