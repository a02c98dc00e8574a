import { describe, expect, it } from 'vitest';
import { renderClientMessage } from '../../../../src/modules/notices/render-client-message.ts';
import type { PickedTemplate } from '../../../../src/modules/notices/rules/pick-template.ts';

const template = (html: string): PickedTemplate => ({
  language: 'en',
  subject: 'Invoice {invoice.number}',
  html,
  text: null,
  stored: true,
});

describe('renderClientMessage', () => {
  it('fills tags in text escaped, so a value cannot add markup', () => {
    const out = renderClientMessage(template('<p>Hello {client.name}</p>'), { 'client.name': '<img src=x onerror=alert(1)>"\' & co' });
    expect(out.html).toBe(
      '<div class="email-body" style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f2933;">' +
        '<p style="margin: 0 0 12px;">Hello &lt;img src=x onerror=alert(1)&gt;&quot;&#39; &amp; co</p></div>',
    );
    expect(out.html).not.toContain('<img');
    expect(out.text).toBe('Hello <img src=x onerror=alert(1)>"\' & co');
    expect(out.subject).toBe('Invoice {invoice.number}');
  });

  it('sanitizes again where a tag sits in markup: a javascript: link in a value is dropped', () => {
    const t = template('<p><a href="{invoice.url}" title="a > b">Pay</a> {invoice.number}</p>');
    const bad = renderClientMessage(t, { 'invoice.url': 'javascript:alert(1)', 'invoice.number': 'INV-1' });
    expect(bad.html).not.toContain('javascript:');
    expect(bad.html).toContain('>Pay</a> INV-1</p>');
    const good = renderClientMessage(t, { 'invoice.url': 'https://billing.example/i/1', 'invoice.number': 'INV-1' });
    expect(good.html).toContain('href="https://billing.example/i/1"');
  });
});
