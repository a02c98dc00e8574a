import type { Config } from '../src/config.ts';
import type { Orm } from '../src/db/orm.ts';
import type { MailTransport } from '../src/modules/mail/transport.ts';
import type { Relay } from '../src/queue/relay.ts';

/** What processors need; built once per worker process. */
export interface WorkerContext {
  orm: Orm;
  config: Config;
  mail: MailTransport;
  relay: Relay;
}
