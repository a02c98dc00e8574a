import { describe, expect, it } from 'vitest';
import { actorVariable } from '../../../../src/modules/audit/rules/audit-actor.ts';
import { adminPathOf } from '../../../../src/modules/audit/rules/audited-tables.ts';

describe('the audit actor', () => {
  it('is the JSON the trigger reads, long values cut to their columns', () => {
    const v = JSON.parse(
      actorVariable({ type: 'api', id: 7, email: 'ana@example.com', ip: '203.0.113.9', userAgent: 'x'.repeat(400), requestId: null }),
    );
    expect(v).toEqual({ type: 'api', id: 7, email: 'ana@example.com', ip: '203.0.113.9', ua: 'x'.repeat(300), rid: null });
  });
});

describe('where a record is seen', () => {
  it.each([
    ['package', '12', '/admin/packages/12'],
    ['client', '3', '/admin/clients/3'],
    ['credit_note', '5', '/admin/credit-notes/5'],
    ['setting', 'billing', null],
    ['invoice_line', '9', null],
    ['package', null, null],
  ])('%s %s → %s', (type, id, path) => {
    expect(adminPathOf(type, id)).toBe(path);
  });
});
