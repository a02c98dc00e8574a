import { describe, expect, it } from 'vitest';
import { dueDateWindow, dueNotice, parseNoticeDays } from '../../../../src/modules/notices/rules/notice-days.ts';

describe('parsing reminder days', () => {
  it.each([
    ['3', 0, [3]],
    ['1,7,14', 1, [1, 7, 14]],
    [' 14, 7 1 ,7 ', 1, [1, 7, 14]],
    ['', 1, []],
    ['0', 0, [0]],
  ])('%j (from %i) is %j', (raw, min, days) => {
    expect(parseNoticeDays(raw, { min })).toEqual({ ok: true, days });
  });

  it.each([
    ['abc', 1, '"abc"'],
    ['-3', 1, '"-3"'],
    ['400', 1, '"400"'],
    ['1.5', 1, '"1.5"'],
    ['0', 1, '"0"'],
    ['1,2,3,4,5,6,7,8,9,10,11', 1, 'At most 10'],
  ])('%j (from %i) is refused, naming %s', (raw, min, named) => {
    const r = parseNoticeDays(raw, { min });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(named);
  });
});

// Timelines: due on the 20th, reminders 3 days before, overdue notices 1, 7 and 14 days after.
describe('which reminder an unpaid invoice has reached', () => {
  const due = { dueDate: '2026-12-20', issuedOn: '2026-12-01' };
  const at = (today: string, invoice = due) => dueNotice(invoice, today, [3], [1, 7, 14]);

  it.each([
    ['2026-12-16', null], // 4 days before: nothing yet
    ['2026-12-17', { event: 'invoice_reminder', offset: 3 }], // 3 days before
    ['2026-12-19', { event: 'invoice_reminder', offset: 3 }], // a missed run caught up: the same key
    ['2026-12-20', { event: 'invoice_reminder', offset: 3 }], // the due date itself, still within catch-up
    ['2026-12-21', { event: 'invoice_overdue', offset: 1 }],
    ['2026-12-26', null], // 6 days late: day 1 is too old to send now, day 7 not reached
    ['2026-12-27', { event: 'invoice_overdue', offset: 7 }],
    ['2027-01-03', { event: 'invoice_overdue', offset: 14 }],
    ['2027-01-06', { event: 'invoice_overdue', offset: 14 }],
    ['2027-01-07', null], // 18 days late: past the last catch-up
  ])('on %s: %j', (today, expected) => {
    expect(at(today)).toEqual(expected);
  });

  it('a sweep that missed a week sends only the latest day passed, never the ones before it', () => {
    // Days 1 and 7 both passed; only 7 is due (and 1 was never sent).
    expect(dueNotice(due, '2026-12-28', [3], [1, 7, 14])).toEqual({ event: 'invoice_overdue', offset: 7 });
    expect(dueNotice(due, '2026-12-28', [3], [1, 2, 3, 5, 7])).toEqual({ event: 'invoice_overdue', offset: 7 });
  });

  it('no reminder for a day before the invoice existed', () => {
    expect(at('2026-12-19', { dueDate: '2026-12-20', issuedOn: '2026-12-19' })).toBeNull();
    expect(at('2026-12-21', { dueDate: '2026-12-20', issuedOn: '2026-12-19' })).toEqual({ event: 'invoice_overdue', offset: 1 });
  });

  it('no days set: nothing', () => {
    expect(dueNotice(due, '2026-12-17', [], [])).toBeNull();
  });

  it('the window of due dates a sweep reads covers every case above', () => {
    expect(dueDateWindow('2026-12-20', [3], [1, 7, 14])).toEqual({ earliest: '2026-12-03', latest: '2026-12-23' });
    expect(dueDateWindow('2026-12-20', [], [])).toEqual({ earliest: '2026-12-17', latest: '2026-12-20' });
  });
});
