// Billing details on the client's profile and the staff client page: company, address and VAT ID,
// the VAT ID checked for the country's format next to the field, nothing stored lost on junk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, makeTestApp, staffClient, type TestApp } from '../../helpers/app.ts';
import { seedBasics, textOf } from '../fixtures.ts';
import { Browser, clientIdOf, fieldError, signUpValues, sql } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await seedBasics(t);
});
afterAll(() => t.close());

const stored = async (id: number) =>
  (
    await sql<{ company: string | null; address: string | null; vat_id: string | null; country: string }>(
      t,
      'select company, address, vat_id, country from client where id = ?',
      [id],
    )
  )[0]!;

describe('billing details', () => {
  it('a client saves company, address and VAT ID; junk VAT IDs are refused next to the field and change nothing', async () => {
    const b = new Browser(t);
    const values = { ...signUpValues(), country: 'FR' };
    await b.signUp(values);
    const id = await clientIdOf(t, values.email);
    const ok = await b.post('/account/profile', {
      ...values,
      company: 'Exemple SARL',
      address: '1 rue X\n75001 Paris',
      vatId: 'fr xx 123 456 789',
    });
    expect(ok.status).toBe(303);
    expect(await stored(id)).toMatchObject({ company: 'Exemple SARL', address: '1 rue X\n75001 Paris', vat_id: 'FRXX123456789' });
    for (const [vatId, says] of [
      ['DE811569869', 'starts with FR'],
      ['FR123', 'looks like FRXX123456789'],
      ['x'.repeat(31), 'at most 30 characters'],
    ] as const) {
      const res = await b.post('/account/profile', { ...values, company: 'Other', vatId });
      expect(res.status).toBe(422);
      const html = await textOf(res);
      expect(fieldError(html, 'vatId')).toContain(says);
      expect(html).toContain(`value="${vatId}"`);
      expect(await stored(id)).toMatchObject({ company: 'Exemple SARL', vat_id: 'FRXX123456789' });
    }
    // Every error at once: a junk VAT ID is reported with a missing name.
    const both = await textOf(await b.post('/account/profile', { ...values, name: '', vatId: 'FR123' }));
    expect(fieldError(both, 'name')).toBeTruthy();
    expect(fieldError(both, 'vatId')).toContain('looks like FRXX123456789');
    const page = await textOf(await b.get('/account/profile'));
    expect(page).toContain('value="FRXX123456789"');
    expect(page).toContain('Exemple SARL');
  });

  it('a German client reads the errors in German', async () => {
    const b = new Browser(t);
    const values = { ...signUpValues(), country: 'DE', language: 'de' };
    await b.signUp(values);
    const html = await textOf(await b.post('/account/profile', { ...values, name: '', vatId: 'FR123' }));
    expect(fieldError(html, 'vatId')).toBe('Eine USt-IdNr. aus diesem Land beginnt mit DE, z. B. DE123456789.');
    expect(fieldError(html, 'name')).toBe('Bitte geben Sie einen Namen ein.');
  });

  it('staff set them on the client page and over the API, with the same checks', async () => {
    const owner = await staffClient(t, 'owner');
    const [row] = await sql<{ id: number }>(
      t,
      `insert into client (email, name, country) values ('vat-staff@example.com', 'Vera', 'AT') returning id`,
    );
    const id = row!.id;
    const bad = await owner.post(`/admin/clients/${id}`, {
      name: 'Vera',
      email: 'vat-staff@example.com',
      country: 'AT',
      vatId: '12345678',
    });
    expect(bad.status).toBe(422);
    expect(fieldError(await textOf(bad), 'vatId')).toContain('looks like ATU12345678');
    expect(
      (
        await owner.post(`/admin/clients/${id}`, {
          name: 'Vera',
          email: 'vat-staff@example.com',
          country: 'AT',
          vatId: 'U12345678',
          company: 'Vera GmbH',
        })
      ).status,
    ).toBe(303);
    expect(await stored(id)).toMatchObject({ vat_id: 'ATU12345678', company: 'Vera GmbH' });
    const token = await apiToken(t, 'owner');
    const api = (method: string, body?: unknown) =>
      t.app.request(`/api/v1/clients/${id}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const refused = await api('PATCH', { vatId: 'nope' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields.vatId).toContain(
      'looks like ATU12345678',
    );
    expect(await stored(id)).toMatchObject({ vat_id: 'ATU12345678' });
    expect(((await (await api('PATCH', { address: 'Ring 1\n1010 Wien' })).json()) as { data: unknown }).data).toMatchObject({
      vatId: 'ATU12345678',
      company: 'Vera GmbH',
      address: 'Ring 1\n1010 Wien',
    });
    expect(((await (await api('GET')).json()) as { data: unknown }).data).toMatchObject({ vatId: 'ATU12345678', company: 'Vera GmbH' });
    expect(await textOf(await owner.get(`/admin/clients/${id}`))).toContain('value="ATU12345678"');
  });
});
