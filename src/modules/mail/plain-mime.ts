import MimeNode from 'nodemailer/lib/mime-node/index.js';
import { foldLines, isPlainText } from 'nodemailer/lib/mime-funcs/index.js';
import { encodedContent } from './write-mime.ts';

/** The one shape of message written here: text and HTML, no files. */
export interface PlainMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface WrittenMail {
  raw: Buffer;
  /** As nodemailer's getEnvelope gives it: `from` is false when the message names no sender. */
  envelope: { from: string | false; to: string[] };
}

// A bare address nodemailer leaves exactly as it is: an ASCII dot-atom local part and a
// lower-case host name of letters, digits and inner hyphens (no "xn--" label, which it would
// check as punycode). Any other address (a name, upper case, Unicode, a quoted local part)
// goes the whole way through nodemailer.
const PLAIN_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** A Message-ID nodemailer writes as given: printable ASCII without spaces, in angle brackets. */
const PLAIN_MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/;
/** A subject nodemailer writes as given: printable ASCII, no quote (it would encode the words), no "=?". */
const PLAIN_SUBJECT = /^[\x20\x21\x23-\x7e]*$/;
/** mime-funcs' hasLongerLines(str, 76), its pattern made once rather than on every call. */
const LONG_LINE = /^.{77,}/m;
/** What MimeNode's Q-or-B count counts as Latin; see textPart. */
const LATIN_LETTER = /[A-Za-z]/;

/**
 * The From header's line and the envelope sender, worked out by nodemailer once per sender (a
 * process sends from one or two): a name in it may need quoting or encoding, its host punycode.
 */
const senders = new Map<string, { line: string; address: string } | null>();

function sender(from: string) {
  let known = senders.get(from);
  if (known === undefined) {
    const node = new MimeNode('text/plain');
    node.setHeader('From', from);
    const address = node.getEnvelope().from;
    const value = MimeNode.encodeHeaderValue('From', from);
    known = address && value.trim() ? { line: `From: ${value}`, address } : null;
    if (senders.size >= 16) senders.clear();
    senders.set(from, known);
  }
  return known;
}

/**
 * MimeNode's own choice of Q or B for a text (Q when Latin letters outnumber bytes past ASCII
 * and controls), called without a node: it reads only the node's `textEncoding`, never set here.
 */
const textEncoding = (value: string): 'Q' | 'B' =>
  (MimeNode.prototype as unknown as { _getTextEncoding(this: { textEncoding: string }, v: string): 'Q' | 'B' })._getTextEncoding.call(
    { textEncoding: '' },
    value,
  );

/** One text part as nodemailer writes it: its two headers, a blank line, its content encoded. */
function textPart(contentType: string, content: string): Buffer[] {
  const plain = isPlainText(content);
  const sevenBit = plain && content.length <= 128 * 1024 && !LONG_LINE.test(content);
  // NOTE: isPlainText refuses exactly what textEncoding counts against Latin letters, so for a
  // plain text (a long-lined HTML part, as a rule) its count comes down to "any Latin letter".
  const q = plain ? LATIN_LETTER.test(content) : textEncoding(content) === 'Q';
  const encoding = sevenBit ? '7bit' : q ? 'quoted-printable' : 'base64';
  const head = Buffer.from(`Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`);
  return [head, encodedContent(encoding, Buffer.from(content), true)];
}

/**
 * The bytes nodemailer's MailComposer and writtenMessage give for a text-and-HTML email, and its
 * envelope, written straight from the values, or null when the email is not of the plain shape
 * (see the patterns above; files, a recipient nodemailer would rewrite), which the caller then
 * has nodemailer compose.
 * NOTE: composing through MimeNode (headers kept as a list looked up by normalised name,
 * each address parsed three times, a regular expression built per part) was about half the CPU
 * a mail worker spends on an email. Every choice here is nodemailer's (header order, folding,
 * the 76-column rule for 7bit, Q or B by the same count, its own encoders), and
 * test/unit/modules/mail/plain-mime.test.ts compares the two byte for byte over many inputs.
 */
export function plainMessage(mail: PlainMail, date: Date, baseBoundary: string): WrittenMail | null {
  if (!mail.text || !mail.html || !PLAIN_ADDRESS.test(mail.to) || !PLAIN_MESSAGE_ID.test(mail.messageId)) return null;
  // Any other subject (Unicode, a quote, a line break) is encoded by nodemailer's own function,
  // as its header building does.
  const subject =
    PLAIN_SUBJECT.test(mail.subject) && !mail.subject.includes('=?') ? mail.subject : MimeNode.encodeHeaderValue('Subject', mail.subject);
  const from = sender(mail.from);
  if (!from) return null;
  const boundary = `--_NmP-${baseBoundary}-Part_1`;
  const headers = [
    from.line,
    `To: ${mail.to}`,
    // An empty subject is left out, as nodemailer leaves out every empty header.
    ...(subject.trim() ? [`Subject: ${subject}`] : []),
    `Message-ID: ${mail.messageId}`,
    `Date: ${date.toUTCString().replace(/GMT/, '+0000')}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ].map((line) => foldLines(line, 76));
  const out = [
    Buffer.from(`${headers.join('\r\n')}\r\n\r\n--${boundary}\r\n`),
    ...textPart('text/plain', mail.text),
    Buffer.from(`\r\n--${boundary}\r\n`),
    ...textPart('text/html', mail.html),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  return { raw: Buffer.concat(out), envelope: { from: from.address, to: [mail.to] } };
}
