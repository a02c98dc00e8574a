import { storeDefaultLanguage } from '../settings/list-languages.ts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../db/database.ts';
import { queueMail } from '../mail/queue-mail.ts';
import { renderWelcomeEmail } from '../mail/render-welcome-email.ts';
import { getSellerDetails } from '../settings/seller-details.ts';

export const welcomeKey = (serviceId: number, resend?: number) => `welcome:service:${serviceId}${resend ? `:resend:${resend}` : ''}`;

/**
 * Renders and queues a service's welcome email inside the caller's transaction. Returns false
 * when the package has no welcome email. `resend` makes a deliberate second copy (staff).
 */
export async function queueWelcomeEmail(tx: EntityManager, serviceId: number, opts: { resend?: number } = {}): Promise<boolean> {
  const q = db(tx);
  const row = await q
    .selectFrom('service as s')
    .innerJoin('client as c', 'c.id', 's.client_id')
    .innerJoin('package as p', 'p.id', 's.package_id')
    .select([
      'c.name as client_name',
      'c.email as client_email',
      'c.language as client_language',
      'p.id as package_id',
      'p.name as package_name',
      'p.slug as package_slug',
    ])
    .select(['s.client_id', 's.next_due_date', 's.plugin_data'])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!row) return false;
  const templates = await q
    .selectFrom('welcome_email')
    .select(['language', 'subject', 'html', 'text'])
    .where('package_id', '=', row.package_id)
    .execute();
  const seller = await getSellerDetails(tx);
  const mail = renderWelcomeEmail({
    templates,
    clientLanguage: row.client_language,
    defaultLanguage: (await storeDefaultLanguage(tx)) ?? 'en',
    values: {
      'client.name': row.client_name,
      'client.email': row.client_email,
      'service.id': String(serviceId),
      'package.name': row.package_name,
      'package.slug': row.package_slug,
      'company.name': seller.name,
      ...row.plugin_data,
    },
    days: { 'service.next_due_date': row.next_due_date ?? '' },
  });
  if (!mail) return false;
  await queueMail(tx, {
    to: row.client_email,
    ...mail,
    clientId: row.client_id,
    kind: 'welcome',
    dedupeKey: welcomeKey(serviceId, opts.resend),
  });
  return true;
}
