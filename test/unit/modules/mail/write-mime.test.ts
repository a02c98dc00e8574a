import { describe, expect, it } from 'vitest';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { Readable } from 'node:stream';
import { writtenMessage } from '../../../../src/modules/mail/write-mime.ts';

type Mail = ConstructorParameters<typeof MailComposer>[0];

const base = {
  messageId: '<mail-7@hostbill>',
  from: 'Hostbill <billing@localhost>',
  to: 'client@example.com',
  date: new Date('2026-12-05T10:00:00Z'),
  baseBoundary: '0123456789abcdef',
} as Mail;

const long = (n: number, word = 'word') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');
const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));

// Each case stands for a choice nodemailer makes: the transfer encoding (7bit, quoted-printable,
// base64), header words encoded and folded, soft line breaks, whitespace at line ends, line breaks
// of every kind, content past the encoders' 64 KB slices, and a file (mixed around alternative).
const cases: [string, Mail][] = [
  ['plain ASCII, short lines (7bit)', { ...base, subject: 'Welcome', text: 'Your server is ready.', html: '<p>Your server is ready.</p>' }],
  [
    'non-ASCII words in the subject and names',
    {
      ...base,
      from: 'Zoë Müller <billing@localhost>',
      to: '"Jürgen Ærø" <client@example.com>',
      subject: 'Bienvenue, Zoë: votre serveur est prêt ✓',
      text: 'Prêt à l’emploi.',
      html: '<p>Prêt à l’emploi. 你好</p>',
    },
  ],
  ['a long subject folded', { ...base, subject: long(40), text: 'x', html: '<b>x</b>' }],
  ['long lines (quoted-printable with soft breaks)', { ...base, subject: 's', text: long(200), html: `<p>${long(300, 'cell')}</p>` }],
  [
    'mostly non-Latin text (base64)',
    { ...base, subject: 'ы', text: 'Здравствуйте! '.repeat(60), html: `<p>${'日本語のテキスト'.repeat(40)}</p>` },
  ],
  [
    'whitespace at line ends, tabs and every kind of line break',
    { ...base, subject: 'ws', text: 'a \nb\t\r\nc\rd  \n\n end \t', html: '<p>é </p>\n<p>\t</p>   ' },
  ],
  ['dots and "From " at line starts', { ...base, subject: 'dots', text: '.\n..\nFrom here\n.end', html: '<p>.</p>' }],
  [
    'content past 64 KB',
    { ...base, subject: 'big', text: `${'ü line of text '.repeat(6000)}\n`, html: `<div>${'é'.repeat(70_000)}</div>` },
  ],
  ['text only', { ...base, subject: 'text only', text: 'Only text here.' }],
  ['HTML only', { ...base, subject: 'html only', html: '<p>Only HTML here — with a dash.</p>' }],
  ['empty text', { ...base, subject: 'empty', text: '', html: '<p>x</p>' }],
  [
    'files: a PDF, a binary file and a non-ASCII file name',
    {
      ...base,
      subject: 'Invoice INV-2026-0001',
      text: 'Your invoice is attached.',
      html: '<p>Your invoice is attached.</p>',
      attachments: [
        { filename: 'INV-2026-0001.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n') },
        { filename: 'raw.bin', contentType: 'application/octet-stream', content: binary },
        { filename: 'Rechnung für März.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') },
      ],
    },
  ],
  ['a lone empty file, no text', { ...base, subject: 'empty file', attachments: [{ filename: 'empty.txt', content: Buffer.alloc(0) }] }],
];

/** The bytes nodemailer's own build() streams for the same tree. */
const built = (mail: Mail) => new MailComposer(mail).compile().build();

describe('writtenMessage', () => {
  it.each(cases)('writes the bytes nodemailer builds: %s', async (_name, mail) => {
    const ours = await writtenMessage(new MailComposer(mail).compile());
    expect(Buffer.isBuffer(ours)).toBe(true);
    expect(ours.toString('latin1')).toBe((await built(mail)).toString('latin1'));
  });

  it('leaves a message with a part not in memory to nodemailer, and gets the same bytes', async () => {
    const mail = {
      ...base,
      subject: 'stream',
      text: 'x',
      attachments: [{ filename: 'a.txt', content: Readable.from([Buffer.from('streamed')]) }],
    };
    const ours = writtenMessage(new MailComposer(mail).compile());
    expect(ours).toBeInstanceOf(Promise);
    const bytes = (await ours).toString();
    expect(bytes).toContain(Buffer.from('streamed').toString('base64'));
    expect(bytes).toBe(
      (await built({ ...mail, attachments: [{ filename: 'a.txt', content: Readable.from([Buffer.from('streamed')]) }] })).toString(),
    );
  });
});
