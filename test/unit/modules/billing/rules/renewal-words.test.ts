import { describe, expect, it } from 'vitest';
import { renewalWords } from '../../../../../src/modules/billing/rules/renewal-words.ts';

describe('renewalWords', () => {
  it('writes a renewal line in English as before, and in German with German dates', () => {
    const en = renewalWords('en');
    expect(en.period(en.name('VPS Small', 12, null), '2026-12-04', '2027-01-04')).toBe('VPS Small #12, 2026-12-04 to 2027-01-03');
    expect(en.name('Backup', 13, 12)).toBe('Backup #13 (add-on of #12)');
    const de = renewalWords('de');
    expect(de.period(de.name('VPS Small', 12, null), '2026-12-04', '2027-01-04')).toBe('VPS Small #12, 04.12.2026 bis 03.01.2027');
    expect(de.name('Backup', 13, 12)).toBe('Backup #13 (Zusatzprodukt zu #12)');
  });
});
