import type { EntityManager } from '@mikro-orm/postgresql';
import { devInboxActive, type Config } from '../../config.ts';
import { inboxTransport } from './inbox-transport.ts';
import { smtpTransport, type MailTransport } from './transport.ts';

/**
 * The transport SMTP_URL asks for, or the built-in inbox outside production without it, and the
 * line a worker says it with at start-up (no password from the URL).
 */
export function chooseTransport(
  config: Pick<Config, 'NODE_ENV' | 'SMTP_URL' | 'PUBLIC_URL'>,
  em: () => EntityManager,
): { transport: MailTransport; line: string } {
  if (devInboxActive(config) || !config.SMTP_URL) {
    return {
      transport: inboxTransport(em),
      line: `Mail: built-in inbox at ${config.PUBLIC_URL}/admin/inbox (set SMTP_URL to send real mail)`,
    };
  }
  const url = new URL(config.SMTP_URL);
  return { transport: smtpTransport(config.SMTP_URL), line: `Mail: SMTP via ${url.protocol}//${url.host}` };
}
