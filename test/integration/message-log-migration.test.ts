// The message log's migration on emails stored before it: each is given to the client whose
// address it went to and a kind read from its key; staff mail stays nobody's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from '@mikro-orm/migrations';
import { createTestDatabase } from '../helpers/db.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

beforeAll(async () => {
  db = await createTestDatabase();
  await new Migrator(db.orm.em).down({ to: 'Migration20261204130000' });
  await sql(`insert into client (email, name) values ('old@log.example', 'Old Client')`);
  const mails = [
    ['welcome:service:7', 'old@log.example'],
    ['password-reset:3', 'old@log.example'],
    ['invoice-resend:9:abc', 'old@log.example'],
    ['card-charge:9:1', 'old@log.example'],
    ['dispute:dp_1:opened:old@log.example', 'old@log.example'],
    ['something:else', 'stranger@log.example'],
  ];
  for (const [key, to] of mails)
    await sql(`insert into mail_message (dedupe_key, "to", subject, html, text) values (?, ?, 'Hi', '<p>Hi</p>', 'Hi')`, [key, to]);
  await new Migrator(db.orm.em).up();
}, 60_000);
afterAll(() => db?.drop());

describe('emails stored before the message log', () => {
  it('belong to the client of their address, with a kind from their key', async () => {
    const rows = await sql<{ dedupe_key: string; kind: string; client_email: string | null }>(
      `select m.dedupe_key, m.kind, c.email as client_email from mail_message m left join client c on c.id = m.client_id order by m.id`,
    );
    expect(rows.map((r) => [r.dedupe_key, r.kind, r.client_email])).toEqual([
      ['welcome:service:7', 'welcome', 'old@log.example'],
      ['password-reset:3', 'password-reset', 'old@log.example'],
      ['invoice-resend:9:abc', 'invoice', 'old@log.example'],
      ['card-charge:9:1', 'card-charge', 'old@log.example'],
      // Staff mail is nobody's message log, even sent to a client's address.
      ['dispute:dp_1:opened:old@log.example', 'dispute', null],
      ['something:else', 'other', null],
    ]);
  });

  it('lose the client, not the email, when the client is deleted', async () => {
    await sql(`delete from client where email = 'old@log.example'`);
    const [n] = await sql<{ n: number; with_client: number }>(
      `select count(*)::int as n, count(client_id)::int as with_client from mail_message`,
    );
    expect(n).toEqual({ n: 6, with_client: 0 });
  });
});
