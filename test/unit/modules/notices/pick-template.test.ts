import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DE } from '../../../../src/modules/notices/rules/default-templates-de.ts';
import { DEFAULT_TEMPLATES_EN } from '../../../../src/modules/notices/rules/default-templates-en.ts';
import { NOTICE_EVENT_INFO, NOTICE_EVENTS } from '../../../../src/modules/notices/rules/notice-events.ts';
import { pickTemplate } from '../../../../src/modules/notices/rules/pick-template.ts';
import { renderTags, sampleValues } from '../../../../src/modules/mail/rules/template-tags.ts';

const stored = [
  { event: 'invoice_issued', language: 'de', subject: 'Rechnung {invoice.number}', html: '<p>Hallo</p>', text: 'Hallo' },
  { event: 'invoice_issued', language: 'fr', subject: 'Facture {invoice.number}', html: '<p>Bonjour</p>', text: 'Bonjour' },
];

describe('which wording a message is sent in', () => {
  it.each([
    ['de', 'en', 'Rechnung {invoice.number}', true], // staff's German
    ['fr', 'en', 'Facture {invoice.number}', true], // staff's French, no built-in one
    ['nl', 'en', DEFAULT_TEMPLATES_EN.invoice_issued.subject, false], // no Dutch: the default language, built in
    [null, 'de', 'Rechnung {invoice.number}', true], // no language: the default language's
    ['nl', 'nl', DEFAULT_TEMPLATES_EN.invoice_issued.subject, false], // a default language with no wording at all: English
  ])('client %s, default %s: %s', (client, fallback, subject, isStored) => {
    const t = pickTemplate('invoice_issued', stored, client, fallback);
    expect(t.subject).toBe(subject);
    expect(t.stored).toBe(isStored);
  });

  it("another event's wording is never taken", () => {
    const t = pickTemplate('payment_receipt', stored, 'de', 'en');
    expect(t).toMatchObject({ language: 'de', subject: DEFAULT_TEMPLATES_DE.payment_receipt.subject, stored: false, text: null });
  });
});

describe('the built-in wording', () => {
  it.each(NOTICE_EVENTS)('%s uses only its own tags, in English and German', (event) => {
    const values = sampleValues(NOTICE_EVENT_INFO[event].tags);
    for (const t of [DEFAULT_TEMPLATES_EN[event], DEFAULT_TEMPLATES_DE[event]]) {
      expect(renderTags(t.subject, values).unknown).toEqual([]);
      expect(renderTags(t.html, values).unknown).toEqual([]);
    }
  });
});
