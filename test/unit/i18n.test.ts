import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptedLanguages, pickUiLanguage, uiLanguageOf } from '../../src/i18n/pick-language.ts';
import { formatDateIn, formatMoneyIn } from '../../src/i18n/format.ts';
import { NAMESPACES, resourceKeys, translateMessage, translator } from '../../src/i18n/i18n.ts';
import { currentLanguage, t, withLanguage } from '../../src/i18n/locale.ts';
import { fromDecimalString } from '../../src/modules/shared/money.ts';
import { lineAmount } from '../../views/components/charges-table.tsx';

describe('picking the language', () => {
  it('reads Accept-Language by weight, then order', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, de;q=0.95, *;q=0.5, en;q=0')).toEqual(['fr-CH', 'de', 'fr']);
    expect(acceptedLanguages('')).toEqual([]);
    expect(acceptedLanguages('x;q=abc,de')).toEqual(['de']);
  });
  it('maps regional tags to the languages spoken here', () => {
    expect(uiLanguageOf('de-AT')).toBe('de');
    expect(uiLanguageOf('EN_gb')).toBe('en');
    expect(uiLanguageOf('fr')).toBeNull();
  });
  it('follows the profile, then the browser, then the store default, then English', () => {
    expect(pickUiLanguage({ profile: 'de', acceptLanguage: 'en' })).toBe('de');
    expect(pickUiLanguage({ profile: 'fr', acceptLanguage: 'fr-FR,de;q=0.8,en;q=0.5' })).toBe('de');
    expect(pickUiLanguage({ profile: null, acceptLanguage: 'fr', storeDefault: 'de' })).toBe('de');
    expect(pickUiLanguage({})).toBe('en');
  });
});

describe('formatting', () => {
  it('writes money the way each language does, from the exact decimal', () => {
    expect(formatMoneyIn('en', fromDecimalString('1234.5'), 'EUR')).toBe('1,234.50 EUR');
    expect(formatMoneyIn('de', fromDecimalString('1234.5'), 'EUR')).toBe('1.234,50 EUR');
    expect(formatMoneyIn('de', fromDecimalString('-0.005'), 'EUR')).toBe('-0,01 EUR');
    expect(formatMoneyIn('de', fromDecimalString('98765432109876.99'), 'JPY', 0)).toBe('98.765.432.109.877 JPY');
  });
  it("writes a line's amount with the decimals it carries, grouped as the totals are", () => {
    expect(withLanguage('en', () => lineAmount('1499.0000', 'USD'))).toBe('1,499.00 USD');
    expect(withLanguage('en', () => lineAmount('21.3699', 'USD'))).toBe('21.3699 USD');
    expect(withLanguage('en', () => lineAmount('-2.1370', 'USD'))).toBe('-2.137 USD');
    expect(withLanguage('de', () => lineAmount('1499.5000', 'EUR'))).toBe('1.499,50 EUR');
    expect(withLanguage('de', () => lineAmount('6.7742', 'EUR'))).toBe('6,7742 EUR');
  });

  it('writes dates the way each language does', () => {
    expect(formatDateIn('en', '2026-12-04T23:30:00Z')).toBe('2026-12-04');
    expect(formatDateIn('de', '2026-12-04')).toBe('04.12.2026');
  });
});

describe('translations', () => {
  it('has every English key in German and nothing German that English lacks', () => {
    for (const ns of NAMESPACES) expect(resourceKeys('de', ns).sort(), ns).toEqual(resourceKeys('en', ns).sort());
  });
  it('answers in the language of the request, English outside one', async () => {
    expect(currentLanguage()).toBe('en');
    const inGerman = await withLanguage('de', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentLanguage();
    });
    expect(inGerman).toBe('de');
    expect(t('common:missing.key.for.test')).toBe('missing.key.for.test');
    expect(translator('de')('common:missing.key.for.test')).toBe('missing.key.for.test');
  });
});

describe("the modules' messages", () => {
  it('are shown in German where the messages file has them, their values kept, anything else in English', () => {
    expect(translateMessage('de', 'Use at most 120 characters.')).toBe('Verwenden Sie höchstens 120 Zeichen.');
    expect(translateMessage('de', 'A VAT ID from this country starts with FR, like FRXX123456789.')).toBe(
      'Eine USt-IdNr. aus diesem Land beginnt mit FR, z. B. FRXX123456789.',
    );
    expect(translateMessage('de', 'VPS Small has no other packages to move to.')).toBe('VPS Small kann in kein anderes Paket wechseln.');
    expect(translateMessage('de', 'This service is due for renewal; pay its renewal invoice first.')).toBe(
      'Dieser Dienst ist zur Verlängerung fällig; bezahlen Sie zuerst die Verlängerungsrechnung.',
    );
    expect(translateMessage('de', 'A message nobody translated, 42.')).toBe('A message nobody translated, 42.');
    expect(translateMessage('en', 'Use at most 120 characters.')).toBe('Use at most 120 characters.');
  });

  it('match names staff typed (an option group, a package) and translate a message inside a message', () => {
    expect(translateMessage('de', 'Choose one Operating system.')).toBe('Wählen Sie eine Option für Operating system.');
    expect(translateMessage('de', 'Choose one CPU.')).toBe('Wählen Sie eine Option für CPU.');
    expect(translateMessage('de', 'Hostname: “a b” is not in the form this asks for.')).toBe(
      'Hostname: „a b“ hat nicht die verlangte Form.',
    );
    expect(translateMessage('de', 'Line 2: Only 3 left.')).toBe('Position 2: Nur noch 3 verfügbar.');
    expect(translateMessage('de', 'VPS Small: You already have the maximum of 2.')).toBe(
      'VPS Small: Sie haben bereits die Höchstzahl von 2.',
    );
    expect(translateMessage('de', 'Sold out for Daily backup.')).toBe('Ausverkauft für Daily backup.');
    expect(translateMessage('de', 'That code is valid from 2027-01-05.')).toBe('Dieser Code gilt ab dem 05.01.2027.');
    // The most specific entry wins over "{{name}}: {{message}}", which needs a message it knows.
    expect(
      translateMessage('de', 'The price changed since it was shown: the total is now 12.50 EUR. Review it and confirm again.'),
    ).toMatch(/^Der Preis hat sich seit der Anzeige geändert: Die Summe beträgt jetzt 12.50 EUR\./);
    expect(translateMessage('de', 'Backup: a sentence nobody translated.')).toBe('Backup: a sentence nobody translated.');
  });
});

/** Every sentence written as a plain string in the product's code ('Choose a currency.'). */
function sentencesInSource(dir = join(import.meta.dirname, '../../src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sentencesInSource(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return [...readFileSync(path, 'utf8').matchAll(/'([A-Z][^'\n]{4,}[.?!])'/g)].map((m) => m[1]!);
  });
}

describe('a message in German', () => {
  it('is translated whole or left in English, never half: a sentence is not taken for a name staff typed', () => {
    expect(translateMessage('de', 'Choose one of the currencies in the list.')).toBe('Wählen Sie eine der Währungen aus der Liste.');
    expect(translateMessage('de', 'Enter your password.')).toBe('Geben Sie Ihr Passwort ein.');
    // Untranslated, it stays English rather than "Bitte füllen Sie the percentage off aus.".
    expect(translateMessage('de', 'Enter the percentage off.')).toBe('Enter the percentage off.');
    // A name staff typed still fills the pattern.
    expect(translateMessage('de', 'Choose one Operating system.')).toBe('Wählen Sie eine Option für Operating system.');
    const english = /\b(the|of|your|is|are|must|please|this|that|with|for|and|or|at|least|most|not|be|can|cannot|its|it|from|a)\b/;
    const sentences = [...new Set(sentencesInSource())];
    expect(sentences.length).toBeGreaterThan(400);
    const half = sentences
      .map((sentence) => [sentence, translateMessage('de', sentence)] as const)
      .filter(([sentence, german]) => german !== sentence && english.test(german));
    expect(half).toEqual([]);
  });

  it('is in German for what a client is told when their profile or sign-in is refused', () => {
    for (const sentence of [
      'Choose one of the languages in the list.',
      'Use a three-letter currency code such as USD.',
      'Use a two-letter country code such as DE.',
      'That password is too long.',
      'The amounts changed since your preview; please review the new preview.',
      'Use at most 4 decimal places.',
    ])
      expect(translateMessage('de', sentence), sentence).not.toBe(sentence);
    expect(translateMessage('de', 'Use a three-letter currency code such as EUR.')).toBe(
      'Verwenden Sie einen dreistelligen Währungscode wie EUR.',
    );
    // Amounts in a translated sentence are written the German way, with the decimals they had.
    expect(
      translateMessage('de', 'The price changed since it was shown: the total is now 1,499.00 USD. Review it and confirm again.'),
    ).toBe('Der Preis hat sich seit der Anzeige geändert: Die Summe beträgt jetzt 1.499,00 USD. Bitte prüfen und erneut bestätigen.');
    expect(
      translateMessage('de', 'The price changed since it was shown: the total is now 9.03 EUR. Review it and confirm again.'),
    ).toContain('jetzt 9,03 EUR.');
    // A sentence left in English keeps English amounts.
    expect(translateMessage('de', 'Nobody translated 1,499.00 USD.')).toBe('Nobody translated 1,499.00 USD.');
    // Only the amount is rewritten: a name staff typed, or a value a client typed, keeps its points, and never fails.
    expect(translateMessage('de', 'Ubuntu 22.04 LTS is sold out.')).toBe('Ubuntu 22.04 LTS ist ausverkauft.');
    expect(translateMessage('de', 'Hostname: “3.14159 ABC” is not in the form this asks for.')).toBe(
      'Hostname: „3.14159 ABC“ hat nicht die verlangte Form.',
    );
  });
});
