import { describe, expect, it } from 'vitest';
import { renderWelcomeEmail } from '../../../../src/modules/mail/render-welcome-email.ts';

const template = (language: string, word: string) => ({
  language,
  subject: `${word} {service.id}`,
  html: `<p>${word} {service.next_due_date}</p>`,
  text: `${word} {service.next_due_date}`,
});
const templates = [template('en', 'Due'), template('de', 'Fällig'), template('fr', 'Échéance')];
const render = (clientLanguage: string | null, nextDue = '2026-12-17') =>
  renderWelcomeEmail({
    templates,
    clientLanguage,
    defaultLanguage: 'en',
    values: { 'service.id': '42' },
    days: { 'service.next_due_date': nextDue },
  })!;

describe('renderWelcomeEmail', () => {
  it('writes a date tag as the picked template’s language writes dates', () => {
    expect(render('de').text).toBe('Fällig 17.12.2026');
    expect(render('de').html).toContain('Fällig 17.12.2026');
    expect(render('en').text).toBe('Due 2026-12-17');
    // No client language: the default language's template, and its way.
    expect(render(null).text).toBe('Due 2026-12-17');
    // A language the documents are not written in: the date as stored.
    expect(render('fr').text).toBe('Échéance 2026-12-17');
    // No date (a one-time price): the tag is empty.
    expect(render('de', '').text).toBe('Fällig ');
    expect(render('de').subject).toBe('Fällig 42');
  });
});
