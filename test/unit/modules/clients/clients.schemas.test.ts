import { describe, expect, it } from 'vitest';
import { allowedPackagesInput, listClientsQuery, profileInput, signUpInput } from '../../../../src/modules/clients/clients.schemas.ts';
import { fieldErrors } from '../../../../src/modules/shared/validation.ts';

const good = { name: ' Ada ', email: ' ADA@Example.com ', country: 'gb', currency: 'eur', language: 'de', password: 'long enough!' };

const errorsOf = (schema: typeof signUpInput | typeof profileInput, raw: unknown) => {
  const r = schema.safeParse(raw);
  return r.success ? {} : fieldErrors(r.error);
};

describe('signUpInput', () => {
  it('trims, lower-cases the email and upper-cases codes', () => {
    expect(signUpInput.parse(good)).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      country: 'GB',
      currency: 'EUR',
      language: 'de',
      password: 'long enough!',
    });
  });

  it('leaves blank currency and language for the store defaults', () => {
    const parsed = signUpInput.parse({ ...good, currency: '', language: '' });
    expect(parsed.currency).toBeUndefined();
    expect(parsed.language).toBeUndefined();
  });

  it.each([
    [{ email: 'nope' }, 'email'],
    [{ password: 'short' }, 'password'],
    [{ password: 'x'.repeat(201) }, 'password'],
    [{ name: '' }, 'name'],
    [{ name: 7 }, 'name'],
    [{ country: 'XX' }, 'country'],
    [{ country: ['GB'] }, 'country'],
    [{ currency: 'EURO' }, 'currency'],
    [{ language: 'german' }, 'language'],
  ])('refuses %o on %s', (over, field) => {
    expect(Object.keys(errorsOf(signUpInput, { ...good, ...over }))).toEqual([field]);
  });
});

describe('allowedPackagesInput', () => {
  it('takes a form list with its blank marker, and needs the field from JSON', () => {
    expect(allowedPackagesInput.parse({ packageIds: ['', '3', '5'] })).toEqual({ packageIds: [3, 5] });
    expect(allowedPackagesInput.parse({ packageIds: '' })).toEqual({ packageIds: [] });
    expect(allowedPackagesInput.parse({ packageIds: [] })).toEqual({ packageIds: [] });
    expect(allowedPackagesInput.safeParse({}).success).toBe(false);
    expect(allowedPackagesInput.safeParse({ packageIds: [0] }).success).toBe(false);
  });
});

describe('listClientsQuery', () => {
  it('defaults to the first page of 25', () => {
    expect(listClientsQuery.parse({})).toEqual({ q: '', page: 1, perPage: 25 });
    expect(listClientsQuery.safeParse({ page: '-1' }).success).toBe(false);
  });
});
