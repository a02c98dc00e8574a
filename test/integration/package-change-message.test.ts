// "Package change applied": one message per change, however often and however concurrently its
// invoice is reported paid; a downgrade applied at once tells the client too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/db.ts';
import { payInvoice } from '../../src/modules/invoicing/pay-invoice.ts';
import { confirmServiceChange } from '../../src/modules/scaling/confirm-service-change.ts';
import { previewServiceChange } from '../../src/modules/scaling/preview-service-change.ts';
import { activeService, at, scalingStore, type ScalingStore } from './scaling-fixtures.ts';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let s: ScalingStore;
const em = () => db.orm.em.fork();
const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
const changeMessages = (clientId: number) =>
  sql<{ dedupe_key: string; subject: string }>(
    `select dedupe_key, subject from mail_message where client_id = ? and kind = 'package_change_applied'`,
    [clientId],
  );

beforeAll(async () => {
  db = await createTestDatabase();
  s = await scalingStore(em);
});
afterAll(() => db.drop());

async function change(packageId: number, priceName: string, optionIds: number[] = []) {
  const { serviceId, clientId } = await activeService(em, sql, s.basic, '2026-01-01');
  const input = { packageId, priceName, optionIds };
  const p = await previewServiceChange(em(), { serviceId }, input, at('2026-01-17'));
  const done = await confirmServiceChange(
    em(),
    { serviceId, actor: 'client' },
    { ...input, expectedNet: p.net, expectedTotal: p.total, expectedCurrency: p.currency, effectiveDate: p.effectiveDate },
    at('2026-01-17'),
  );
  return { serviceId, clientId, done };
}

describe('package change applied', () => {
  it('an upgrade: told once when its invoice is paid, reported twice and at once', async () => {
    const { serviceId, clientId, done } = await change(s.pro, 'Monthly', [s.os.linux]);
    expect(await changeMessages(clientId)).toEqual([]);
    const pay = (ref: string) => payInvoice(em(), { invoiceId: done.invoiceId!, gateway: 'test', reference: ref }, at('2026-01-18'));
    await Promise.all([pay('t-1'), pay('t-1')]);
    await pay('t-1');
    const messages = await changeMessages(clientId);
    expect(messages).toEqual([
      { dedupe_key: `package_change_applied:${done.changeId}`, subject: `Your service #${serviceId} is now Web Pro` },
    ]);
  });

  it('a downgrade applied at once: told once', async () => {
    const { clientId, done } = await change(s.mini, 'Monthly');
    expect(done.status).toBe('applied');
    expect(await changeMessages(clientId)).toHaveLength(1);
  });
});
