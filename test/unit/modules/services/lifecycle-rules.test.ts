import { describe, expect, it } from 'vitest';
import { ACTION_VERBS, SERVICE_STATUSES } from '../../../../src/modules/shared/statuses.ts';
import { actionStillWanted, isActionVerb, serviceActionKey } from '../../../../src/modules/services/rules/lifecycle.ts';

describe('which queued plugin call a status still wants', () => {
  // verb → the statuses in which the call still runs; any other status means a later change superseded it.
  const wanted: Record<string, string[]> = {
    suspend: ['suspended'],
    unsuspend: ['active'],
    terminate: ['cancelled', 'terminated'],
    changePackage: ['active', 'suspended'],
  };
  for (const verb of ACTION_VERBS) {
    for (const status of SERVICE_STATUSES) {
      const expected = wanted[verb]!.includes(status);
      it(`${verb} when ${status}: ${expected ? 'runs' : 'skipped'}`, () => {
        expect(actionStillWanted(verb, status)).toBe(expected);
      });
    }
  }

  it('knows its verbs (create is not a queued lifecycle call)', () => {
    expect(isActionVerb('suspend')).toBe(true);
    expect(isActionVerb('create')).toBe(false);
    expect(isActionVerb('')).toBe(false);
  });
});

describe('lifecycle call keys', () => {
  it('name the invoice for suspensions (a later overdue invoice suspends again), not for termination (once)', () => {
    expect(serviceActionKey(7, 'suspend', 31)).toBe('service-action:7:suspend:31');
    expect(serviceActionKey(7, 'suspend', 'due-2026-01-31')).toBe('service-action:7:suspend:due-2026-01-31');
    expect(serviceActionKey(7, 'unsuspend', 31)).toBe('service-action:7:unsuspend:31');
    expect(serviceActionKey(7, 'terminate')).toBe('service-action:7:terminate');
  });
});
