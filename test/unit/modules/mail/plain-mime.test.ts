import { describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { plainMessage, type PlainMail } from '../../../../src/modules/mail/plain-mime.ts';
import { composeMessage } from '../../../../src/modules/mail/transport.ts';

const date = new Date('2026-12-06T10:00:00Z');
const boundary = '0123456789abcdef';

const base: PlainMail = {
  messageId: '<mail-7@hostbill>',
  from: 'Hostbill <billing@localhost>',
  to: 'client@example.com',
  subject: 'Welcome',
  text: 'Your server is ready.',
  html: '<p>Your server is ready.</p>',
};

/** What nodemailer itself makes of the same email: its streamed bytes and its envelope. */
async function nodemailers(mail: PlainMail) {
  const node = new MailComposer({ ...mail, date, baseBoundary: boundary }).compile();
  return { raw: (await node.build()).toString('latin1'), envelope: node.getEnvelope() };
}

async function expectSameAsNodemailer(mail: PlainMail) {
  const ours = plainMessage(mail, date, boundary);
  expect(ours, 'written here').not.toBeNull();
  const theirs = await nodemailers(mail);
  expect(ours!.raw.toString('latin1')).toBe(theirs.raw);
  expect(ours!.envelope).toEqual(theirs.envelope);
}

const long = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('plainMessage', () => {
  // Each case stands for a choice nodemailer makes on the plain shape.
  const same: [string, Partial<PlainMail>][] = [
    ['plain ASCII, short lines (7bit)', {}],
    ['a long subject, folded', { subject: long(40) }],
    ['a subject of spaces only, left out', { subject: '   ' }],
    ['an empty subject, left out', { subject: '' }],
    ['a subject with a tab-free run past 76 columns', { subject: 'x'.repeat(120) }],
    ['long lines (quoted-printable, soft breaks)', { text: long(200), html: `<p>${long(300, 'cell')}</p>` }],
    ['a line of exactly 76 and one of 77 columns', { text: `${'a'.repeat(76)}\n`, html: 'b'.repeat(77) }],
    ['long ASCII lines with no Latin letter (base64), and with one', { text: '0123456789 '.repeat(10), html: `${'0'.repeat(80)}Z` }],
    ['mostly non-Latin text (base64)', { text: 'Здравствуйте! '.repeat(60), html: `<p>${'日本語のテキスト'.repeat(40)}</p>` }],
    ['a few accents (quoted-printable)', { text: 'Prêt à l’emploi, Zoë.', html: '<p>Grüße aus München</p>' }],
    ['whitespace at line ends, tabs, every kind of line break', { text: 'a \nb\t\r\nc\rd  \n\n end \t', html: '<p>é </p>\n<p>\t</p>   ' }],
    ['control characters in the body', { text: 'bell\x07 and nul\x00 here', html: '<p>\x1b[0m</p>' }],
    ['dots and "From " at line starts', { text: '.\n..\nFrom here\n.end', html: '<p>.</p>' }],
    ['content past 64 KB', { text: `${'ü line of text '.repeat(6000)}\n`, html: `<div>${'é'.repeat(70_000)}</div>` }],
    ['ASCII content past 128 KB with short lines', { text: 'short line\n'.repeat(13_000), html: '<br>\n'.repeat(30_000) }],
    ['a sender whose name is quoted', { from: 'Example Hosting, Inc. <billing@example.com>' }],
    ['a sender whose name is encoded', { from: 'Zoë Müller Hosting <billing@example.com>' }],
    ['a bare sender', { from: 'billing@example.com' }],
    ['a sender with an upper-case host', { from: 'Billing <Billing@Example.COM>' }],
    ['a sender on an international domain', { from: 'Billing <billing@jõgeva.ee>' }],
    ['a long recipient address', { to: `${'very.long.local.part'.repeat(4)}@${'sub.'.repeat(10)}example.com` }],
    ['a recipient with every atom character', { to: "a!#$%&'*+/=?^_`{|}~-b.c@example.com" }],
    ['a long Message-ID', { messageId: `<${'m'.repeat(100)}@hostbill>` }],
    ['a subject with Unicode (encoded words)', { subject: 'Willkommen, Jürgen: Ihr Server ist bereit — Grüße' }],
    ['a long subject in Cyrillic', { subject: 'Добро пожаловать, ваш сервер готов к работе '.repeat(3) }],
    ['a subject with a quote', { subject: 'Your "VPS Small" is ready' }],
    ['a subject that looks encoded', { subject: '=?utf-8?Q?x?=' }],
    ['a subject with a line break and a control character', { subject: 'a\nb\x07c' }],
    ['a subject of spaces and an accent', { subject: '  é  ' }],
  ];
  for (const [name, change] of same)
    it(`writes the bytes nodemailer writes: ${name}`, () => expectSameAsNodemailer({ ...base, ...change }));

  // Each is a case nodemailer would rewrite or encode: left to it.
  const left: [string, Partial<PlainMail>][] = [
    ['a recipient with a name', { to: 'Client <client@example.com>' }],
    ['a recipient with an upper-case host', { to: 'client@Example.com' }],
    ['a recipient on an international domain', { to: 'client@jõgeva.ee' }],
    ['a recipient on a punycode label', { to: 'client@xn--jgeva-dua.ee' }],
    ['a recipient with a quoted local part', { to: '"a b"@example.com' }],
    ['two recipients', { to: 'a@example.com, b@example.com' }],
    ['no text', { text: '' }],
    ['no HTML', { html: '' }],
    ['a Message-ID without brackets', { messageId: 'mail-7@hostbill' }],
    ['a sender without an address', { from: 'Hostbill' }],
  ];
  for (const [name, change] of left)
    it(`leaves to nodemailer ${name}`, () => expect(plainMessage({ ...base, ...change }, date, boundary)).toBeNull());

  it('writes the bytes nodemailer writes for two thousand mixed emails, and writes most of them itself', async () => {
    // A seeded generator, so a failure names an input that can be run again.
    let seed = 20261206;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
    const words = [
      'Welcome',
      'your',
      'VPS',
      'is',
      'ready',
      'Grüße',
      'invoice',
      '€9.99',
      '日本',
      'a=b',
      '=?',
      '"q"',
      '\t',
      'x'.repeat(90),
      '.',
      '',
    ];
    const pieces = ['line', ' ', '\n', '\r\n', '\r', '.', 'é', 'Ж', '\x01', 'y'.repeat(80), '<p>', 'From ', '=', '?', '\t'];
    const froms = ['Hostbill <billing@localhost>', 'billing@example.com', 'Acme, Inc. <a@example.com>', 'Zoë <z@example.com>'];
    // Mostly addresses written here; some that nodemailer rewrites.
    const tos = [
      'client@example.com',
      'first.last+tag@mail.example.org',
      'x@sub-1.example.net',
      'Client@EXAMPLE.com',
      'Ann <ann@example.com>',
    ];
    const text = () => Array.from({ length: Math.floor(next() * 40) }, () => pick(pieces)).join('');
    let written = 0;
    for (let i = 0; i < 2000; i++) {
      const mail: PlainMail = {
        messageId: `<mail-${i}@hostbill>`,
        from: pick(froms),
        to: pick(tos),
        subject: Array.from({ length: Math.floor(next() * 12) }, () => pick(words.slice(0, next() < 0.7 ? 5 : words.length))).join(' '),
        text: text(),
        html: text(),
      };
      const ours = plainMessage(mail, date, boundary);
      if (!ours) continue;
      written++;
      const theirs = await nodemailers(mail);
      expect(ours.raw.toString('latin1'), JSON.stringify(mail)).toBe(theirs.raw);
      expect(ours.envelope).toEqual(theirs.envelope);
    }
    expect(written).toBeGreaterThan(1000);
  });

  it('is what composeMessage sends for a plain email, and nodemailer composes one with a file', async () => {
    const plain = await composeMessage(base, date);
    expect(plain.raw.toString()).toMatch(/^From: Hostbill <billing@localhost>\r\nTo: client@example.com\r\n/);
    expect(plain.envelope).toEqual({ from: 'billing@localhost', to: ['client@example.com'] });
    const withFile = await composeMessage(
      { ...base, attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }] },
      date,
    );
    expect(withFile.raw.toString()).toContain('multipart/mixed');
    expect(withFile.envelope).toEqual({ from: 'billing@localhost', to: ['client@example.com'] });
  });
});
