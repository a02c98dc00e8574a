import i18next from 'i18next';
import { formatDecimalIn } from './format.ts';
import { UI_LANGUAGES, type UiLanguage } from './ui-languages.ts';
import { parseAmount } from '../modules/shared/money.ts';
import enCommon from './locales/en/common.json' with { type: 'json' };
import deCommon from './locales/de/common.json' with { type: 'json' };
import enClient from './locales/en/client.json' with { type: 'json' };
import deClient from './locales/de/client.json' with { type: 'json' };
import enStore from './locales/en/store.json' with { type: 'json' };
import deStore from './locales/de/store.json' with { type: 'json' };
import enDocuments from './locales/en/documents.json' with { type: 'json' };
import deDocuments from './locales/de/documents.json' with { type: 'json' };
import enEmails from './locales/en/emails.json' with { type: 'json' };
import deEmails from './locales/de/emails.json' with { type: 'json' };
import enMessages from './locales/en/messages.json' with { type: 'json' };
import deMessages from './locales/de/messages.json' with { type: 'json' };

// The languages the client area and the store speak, from the translation files beside this one
// (one file per language and namespace: common, client, store, documents for the PDFs, emails,
// and messages: the modules' validation messages, keyed by their English wording). A missing German key falls back
// to the English text, never to the key.

export { UI_LANGUAGES, type UiLanguage };
export const NAMESPACES = ['common', 'client', 'store', 'documents', 'emails'] as const;

const instance = i18next.createInstance();
// NOTE: the resources are in memory, so init finishes synchronously (initAsync: false): there is
// no moment at which a request could see untranslated keys.
void instance.init({
  resources: {
    en: { common: enCommon, client: enClient, store: enStore, documents: enDocuments, emails: enEmails, messages: enMessages },
    de: { common: deCommon, client: deClient, store: deStore, documents: deDocuments, emails: deEmails, messages: deMessages },
  },
  supportedLngs: [...UI_LANGUAGES],
  fallbackLng: 'en',
  ns: [...NAMESPACES],
  defaultNS: 'common',
  // JSX escapes what it prints; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** A key ("client:nav.services") in a language, with its values ({{name}}) and `count` for plurals. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

const fixed = new Map<UiLanguage, Translate>(UI_LANGUAGES.map((l) => [l, instance.getFixedT(l) as unknown as Translate]));

export function translator(language: UiLanguage): Translate {
  return fixed.get(language)!;
}

/** Every key of a namespace in a language, for the test that keeps the files in step. */
export function resourceKeys(language: UiLanguage, ns: (typeof NAMESPACES)[number]): string[] {
  const flat = (o: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  return flat((instance.getResourceBundle(language, ns) ?? {}) as Record<string, unknown>);
}

const messagesIn = new Map(
  UI_LANGUAGES.map((l) => [l, instance.getFixedT(l, 'messages') as unknown as (k: string, o: Record<string, unknown>) => string]),
);

interface MessagePattern {
  re: RegExp;
  names: string[];
  template: string;
  /** How much of the key is words rather than parts. */
  literal: number;
}

const patternsIn = new Map<UiLanguage, MessagePattern[]>();

/**
 * The `messages` entries keyed with named parts ("Choose one {{group}}."): a message that carries
 * a name staff typed (an option group, a package) matches one of them whatever the name is.
 */
function messagePatterns(language: UiLanguage): MessagePattern[] {
  let list = patternsIn.get(language);
  if (list) return list;
  const bundle = (instance.getResourceBundle(language, 'messages') ?? {}) as Record<string, string>;
  list = Object.entries(bundle).flatMap(([key, template]) => {
    const names = [...key.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    if (!names.length || names.every((n) => /^v\d+$/.test(n))) return [];
    const source = key
      .split(/\{\{\w+\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(.+?)');
    return [{ re: new RegExp(`^${source}$`, 's'), names, template, literal: key.replace(/\{\{\w+\}\}/g, '').length }];
  });
  // The most specific first: "Only {{v0}} left for {{name}}." before "{{name}}: {{message}}".
  list.sort((a, b) => b.literal - a.literal);
  patternsIn.set(language, list);
  return list;
}

/** The parts that hold a name staff typed (a value a client typed may be anything). */
const STAFF_NAMES = new Set(['group', 'name', 'price']);
/** How a sentence's words go on, never how a name starts. */
const SENTENCE_START = /^(?:a|an|the|of|your|how|one|at|in|to|from|with|this|that)\s/;

/**
 * A message a module wrote in English ("Use at most 120 characters."), in `language` when the
 * `messages` file has it. Its variable parts (a number, a code such as DE or DE811569869) are
 * keyed as {{v0}}, {{v1}}..., so one entry covers every value; a message with a name in it
 * matches an entry with named parts ("Choose one {{group}}."), and a part named `message` is a
 * message of its own, translated too ("Line {{n}}: {{message}}"). An unknown message stays English.
 */
export function translateMessage(language: UiLanguage, message: string): string {
  if (language === 'en' || !message) return message;
  const values: Record<string, string> = {};
  let n = 0;
  const key = message.replace(/\b(?:[A-Z]{2,}[A-Z0-9]*|[A-Z0-9]*\d[A-Z0-9]*)\b/g, (token) => {
    const name = `v${n++}`;
    values[name] = token;
    return `{{${name}}}`;
  });
  const bundle = (instance.getResourceBundle(language, 'messages') ?? {}) as Record<string, string>;
  if (bundle[key] !== undefined)
    return messagesIn.get(language)!(key, { ...values, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
  for (const p of messagePatterns(language)) {
    const m = p.re.exec(message);
    if (!m) continue;
    const part = (name: string) => m[p.names.indexOf(name) + 1] ?? '';
    // A name staff typed is a name, not the rest of an English sentence: "Choose one of the
    // currencies in the list." is not "Choose one {{group}}." with a group "of the currencies…".
    if (p.names.some((name) => STAFF_NAMES.has(name) && SENTENCE_START.test(part(name)))) continue;
    const inner = p.names.includes('message') ? translateClause(language, part('message')) : null;
    // A part that is a message of its own must be one we know: else this pattern only looked alike.
    if (inner === part('message')) continue;
    return p.template.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
      name === 'message' ? inner! : name === 'total' ? amountIn(language, part(name)) : part(name),
    );
  }
  return message;
}

/**
 * An amount a module wrote the English way ("1,499.00", in a part named `total`) as the language
 * writes it ("1.499,00"), with its decimals; anything else there is left as it is.
 */
function amountIn(language: UiLanguage, amount: string): string {
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,4})?$/.test(amount)) return amount;
  const plain = amount.replaceAll(',', '');
  const parsed = parseAmount(plain);
  return parsed.ok ? formatDecimalIn(language, parsed.units, plain.split('.')[1]?.length ?? 0) : amount;
}

/** A message inside another ("Sold out" in "Sold out for Backup."), which may have lost its full stop. */
function translateClause(language: UiLanguage, clause: string): string {
  const whole = translateMessage(language, clause);
  if (whole !== clause || /[.!?]$/.test(clause)) return whole;
  const sentence = translateMessage(language, `${clause}.`);
  return sentence === `${clause}.` ? clause : sentence.replace(/\.$/, '');
}
