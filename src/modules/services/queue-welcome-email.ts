import type { EntityManager } from '@mikro-orm/postgresql';
import { queueMail } from '../mail/queue-mail.ts';
import { renderWelcomeEmail } from '../mail/render-welcome-email.ts';

export const welcomeKey = (serviceId: number, resend?: number) => `welcome:service:${serviceId}${resend ? `:resend:${resend}` : ''}`;

/**
 * Renders and queues a service's welcome email inside the caller's transaction. Returns false
 * when the package has no welcome email. `resend` makes a deliberate second copy (staff).
 */
export async function queueWelcomeEmail(tx: EntityManager, serviceId: number, opts: { resend?: number } = {}): Promise<boolean> {
  const conn = tx.getConnection();
  const ctx = tx.getTransactionContext();
  const [row] = await conn.execute<{ client_name: string; client_email: string; client_language: string | null; package_id: number; package_name: string; package_slug: string; next_due_date: string | null; plugin_data: Record<string, string> }[]>(
    `select c.name as client_name, c.email as client_email, c.language as client_language, p.id as package_id, p.name as package_name, p.slug as package_slug,
            s.next_due_date::text as next_due_date, s.plugin_data
       from service s join client c on c.id = s.client_id join package p on p.id = s.package_id where s.id = ?`,
    [serviceId],
    'all',
    ctx,
  );
  if (!row) return false;
  const templates = await conn.execute<{ language: string; subject: string; html: string; text: string }[]>('select language, subject, html, text from welcome_email where package_id = ?', [row.package_id], 'all', ctx);
  const [lang] = await conn.execute<{ code: string }[]>('select code from language where is_default limit 1', [], 'all', ctx);
  const [name] = await conn.execute<{ value: unknown }[]>(`select value from setting where key = 'company'`, [], 'all', ctx);
  const mail = renderWelcomeEmail({
    templates,
    clientLanguage: row.client_language,
    defaultLanguage: lang?.code ?? 'en',
    values: {
      'client.name': row.client_name,
      'client.email': row.client_email,
      'service.id': String(serviceId),
      'service.next_due_date': row.next_due_date ?? '',
      'package.name': row.package_name,
      'package.slug': row.package_slug,
      'company.name': typeof (name?.value as { name?: string })?.name === 'string' ? (name!.value as { name: string }).name : 'Hostbill',
      ...row.plugin_data,
    },
  });
  if (!mail) return false;
  await queueMail(tx, { to: row.client_email, ...mail, dedupeKey: welcomeKey(serviceId, opts.resend) });
  return true;
}
