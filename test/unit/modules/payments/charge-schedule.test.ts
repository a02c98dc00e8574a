import { describe, expect, it } from 'vitest';
import { attemptDue, parseRetryDays, type PastAttempt } from '../../../../src/modules/payments/rules/charge-schedule.ts';

const declined = (attempt: number, day: string): PastAttempt => ({ attempt, status: 'declined', day });

describe('parseRetryDays', () => {
  it('reads whole days, sorted and once each, dropping junk', () => {
    expect(parseRetryDays('5, 1,3')).toEqual([1, 3, 5]);
    expect(parseRetryDays('1,1,2')).toEqual([1, 2]);
    expect(parseRetryDays('0, 61, x, 2.5, 7')).toEqual([7]);
    expect(parseRetryDays('')).toEqual([]);
  });
});

describe('attemptDue', () => {
  // Due 2027-05-01, retries 1, 3 and 5 days after:
  //   05-01 #1   05-02 #2   05-04 #3   05-06 #4   then nothing
  const due = '2027-05-01';
  const days = [1, 3, 5];

  it('charges first on the due date, not before', () => {
    expect(attemptDue(due, days, [], '2027-04-30')).toBeNull();
    expect(attemptDue(due, days, [], '2027-05-01')).toBe(1);
    expect(attemptDue(due, days, [], '2027-05-09')).toBe(1);
  });

  it('retries on the retry days only, and stops after the last', () => {
    const one = [declined(1, '2027-05-01')];
    expect(attemptDue(due, days, one, '2027-05-01')).toBeNull();
    expect(attemptDue(due, days, one, '2027-05-02')).toBe(2);
    const two = [...one, declined(2, '2027-05-02')];
    expect(attemptDue(due, days, two, '2027-05-03')).toBeNull();
    expect(attemptDue(due, days, two, '2027-05-04')).toBe(3);
    const four = [...two, declined(3, '2027-05-04'), declined(4, '2027-05-06')];
    expect(attemptDue(due, days, four, '2027-06-01')).toBeNull();
  });

  it('spaces the attempts of an invoice first charged late as the schedule does', () => {
    // A card saved on 05-20: attempt 1 that day, then 1, 2 and 2 days apart, never two in a day.
    const first = [declined(1, '2027-05-20')];
    expect(attemptDue(due, days, first, '2027-05-20')).toBeNull();
    expect(attemptDue(due, days, first, '2027-05-21')).toBe(2);
    const second = [...first, declined(2, '2027-05-21')];
    expect(attemptDue(due, days, second, '2027-05-22')).toBeNull();
    expect(attemptDue(due, days, second, '2027-05-23')).toBe(3);
  });

  it('never follows a success, a pending attempt, or a bank asking for the cardholder', () => {
    for (const status of ['succeeded', 'pending', 'authentication_required'] as const) {
      expect(attemptDue(due, days, [{ attempt: 1, status, day: due }], '2027-05-20')).toBeNull();
    }
  });

  it('with no retry days, charges once', () => {
    expect(attemptDue(due, [], [declined(1, due)], '2027-05-30')).toBeNull();
  });
});
