import { Migrator } from '@mikro-orm/migrations';
import { ormConfig } from './mikro-orm.config.ts';

// The config the mikro-orm CLI reads (npm run migration:create); the app builds its own from
// loadConfig() and loads the Migrator only when it migrates.
export default { ...ormConfig(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hostbill'), extensions: [Migrator] };
