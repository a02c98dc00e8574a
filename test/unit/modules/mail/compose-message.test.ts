import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../../../src/modules/mail/transport.ts';

const mail = {
  messageId: '<mail-1@hostbill>',
  from: 'Hostbill <billing@localhost>',
  to: 'client@example.com',
  subject: 'Welcome',
  html: '<p>Your server is ready.</p>',
  text: 'Your server is ready.',
};

const boundariesOf = (raw: string) => [...raw.matchAll(/boundary="([^"]+)"/g)].map((m) => m[1]!);

describe('composeMessage', () => {
  it('gives every message boundaries of its own, and every part of a message its own boundary', async () => {
    const one = (await composeMessage(mail)).raw.toString();
    const two = (await composeMessage(mail)).raw.toString();
    const withFile = (
      await composeMessage({ ...mail, attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }] })
    ).raw.toString();
    const [first] = boundariesOf(one);
    expect(first).toMatch(/_NmP-[0-9a-f]{16}-Part_/);
    expect(boundariesOf(two)[0]).not.toBe(first);
    // mixed (the file) around alternative (text and HTML): two boundaries, told apart by their part.
    const nested = boundariesOf(withFile);
    expect(nested).toHaveLength(2);
    expect(new Set(nested).size).toBe(2);
    // Each part sits between its boundary's lines, and the message ends each multipart.
    for (const b of nested) expect(withFile).toContain(`--${b}--`);
    expect(one).toContain('Your server is ready.');
    expect(one).toContain('<p>Your server is ready.</p>');
    expect(one).toContain('Message-ID: <mail-1@hostbill>');
  });
});
