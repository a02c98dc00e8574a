import { describe, expect, it } from 'vitest';
import { schemaFor, splitSecrets, type FieldSpec } from '../../../../../src/modules/plugins/rules/field-spec.ts';

const FIELDS: FieldSpec[] = [
  { key: 'host', label: 'Host', type: 'text', required: true, maxLength: 20 },
  { key: 'apiUrl', label: 'API URL', type: 'url' },
  { key: 'port', label: 'Port', type: 'number', min: 1, max: 65535, default: 8443, required: true },
  { key: 'retries', label: 'Retries', type: 'number', min: 0, max: 5 },
  { key: 'ssl', label: 'Use SSL', type: 'boolean' },
  { key: 'region', label: 'Region', type: 'select', options: ['eu', 'us'] },
  { key: 'apiKey', label: 'API key', type: 'secret' },
  { key: 'notes', label: 'Notes', type: 'textarea' },
];
const schema = schemaFor(FIELDS);

function issues(input: Record<string, unknown>) {
  const r = schema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('schemaFor accepts and normalises', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['the minimum, with the default port', { host: 'node1' }, { host: 'node1', port: 8443, ssl: false }],
    ['text is trimmed', { host: '  node1  ' }, { host: 'node1', port: 8443, ssl: false }],
    [
      'a secret is not trimmed',
      { host: 'h', apiKey: '  key with spaces ' },
      { host: 'h', port: 8443, ssl: false, apiKey: '  key with spaces ' },
    ],
    ['a number from a string', { host: 'h', port: '2083', retries: ' 3 ' }, { host: 'h', port: 2083, retries: 3, ssl: false }],
    ['a number from JSON', { host: 'h', port: 2087, retries: 0 }, { host: 'h', port: 2087, retries: 0, ssl: false }],
    ['number bounds are inclusive', { host: 'h', port: '65535', retries: '5' }, { host: 'h', port: 65535, retries: 5, ssl: false }],
    [
      'an https URL',
      { host: 'h', apiUrl: ' https://panel.example.com:2087/api ' },
      { host: 'h', apiUrl: 'https://panel.example.com:2087/api', port: 8443, ssl: false },
    ],
    ['an http URL', { host: 'h', apiUrl: 'http://10.0.0.1' }, { host: 'h', apiUrl: 'http://10.0.0.1', port: 8443, ssl: false }],
    ['a select option', { host: 'h', region: 'us' }, { host: 'h', region: 'us', port: 8443, ssl: false }],
    ['missing optional fields are left out', { host: 'h' }, { host: 'h', port: 8443, ssl: false }],
    ['a checkbox sent as "on"', { host: 'h', ssl: 'on' }, { host: 'h', port: 8443, ssl: true }],
    ['a boolean sent as true', { host: 'h', ssl: true }, { host: 'h', port: 8443, ssl: true }],
    ['a boolean sent as "1"', { host: 'h', ssl: '1' }, { host: 'h', port: 8443, ssl: true }],
    ['a boolean sent as "off"', { host: 'h', ssl: 'off' }, { host: 'h', port: 8443, ssl: false }],
    ['unknown keys are dropped', { host: 'h', admin: true, __proto__x: 1, hostname: 'evil' }, { host: 'h', port: 8443, ssl: false }],
  ])('%s', (_label, input, expected) => {
    expect(schema.parse(input)).toEqual(expected);
  });

  it('does not copy an unknown key even when it shadows a prototype name', () => {
    const out = schema.parse(JSON.parse('{"host":"h","__proto__":{"admin":true},"constructor":"x"}'));
    expect(Object.keys(out).sort()).toEqual(['host', 'port', 'ssl']);
    expect((out as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('schemaFor refuses', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a URL that is not a URL', { host: 'h', apiUrl: 'panel.example.com' }, 'apiUrl', 'API URL must be an http(s) URL.'],
    ['an ftp URL', { host: 'h', apiUrl: 'ftp://panel.example.com' }, 'apiUrl', 'API URL must be an http(s) URL.'],
    ['a javascript: URL', { host: 'h', apiUrl: 'javascript:alert(1)' }, 'apiUrl', 'API URL must be an http(s) URL.'],
    ['a file: URL', { host: 'h', apiUrl: 'file:///etc/passwd' }, 'apiUrl', 'API URL must be an http(s) URL.'],
    ['a URL as a number', { host: 'h', apiUrl: 42 }, 'apiUrl', 'API URL must be text.'],
    ['a URL over 2000 characters', { host: 'h', apiUrl: `https://e.com/${'a'.repeat(2000)}` }, 'apiUrl', 'API URL is too long.'],
    ['a number below min', { host: 'h', port: '0' }, 'port', 'Port must be at least 1.'],
    ['a number above max', { host: 'h', port: 65536 }, 'port', 'Port must be at most 65535.'],
    ['a negative number below min', { host: 'h', retries: '-1' }, 'retries', 'Retries must be at least 0.'],
    ['a fraction from JSON', { host: 'h', retries: 1.5 }, 'retries', 'Retries must be a whole number.'],
    ['a fraction as text', { host: 'h', retries: '1.5' }, 'retries', 'Retries must be a number.'],
    ['a word for a number', { host: 'h', port: 'abc' }, 'port', 'Port must be a number.'],
    ['an exponent for a number', { host: 'h', port: '1e3' }, 'port', 'Port must be a number.'],
    ['a boolean for a number', { host: 'h', port: true }, 'port', 'Port must be a number.'],
    ['an option not offered', { host: 'h', region: 'asia' }, 'region', 'Choose one of: eu, us.'],
    ['an option in the wrong case', { host: 'h', region: 'EU' }, 'region', 'Choose one of: eu, us.'],
    ['text over maxLength', { host: 'h'.repeat(21) }, 'host', 'Host must be at most 20 characters.'],
    ['text over the default 2000', { host: 'h', notes: 'n'.repeat(2001) }, 'notes', 'Notes must be at most 2000 characters.'],
    ['an array for text', { host: ['a', 'b'] }, 'host', 'Host must be text.'],
    ['an object for a secret', { host: 'h', apiKey: { a: 1 } }, 'apiKey', 'API key must be text.'],
  ])('%s', (_label, input, path, message) => {
    expect(issues(input)[path]).toBe(message);
  });

  it.each<[string, Record<string, unknown>]>([
    ['missing', {}],
    ['blank', { host: '' }],
    ['only spaces', { host: '   ' }],
    ['null', { host: null }],
  ])('a required field that is %s', (_label, input) => {
    expect(issues(input)).toHaveProperty('host');
  });

  // NOTE: an empty required field says it is required, not that it "must be text".
  it('says a missing required field is required', () => {
    expect(issues({})).toEqual({ host: 'Host is required.' });
    expect(issues({ host: '' })).toEqual({ host: 'Host is required.' });
  });
});

// NOTE: an HTML form sends an empty input as '', which means "not set", never a type error.
describe('schemaFor treats a blank optional field as not set', () => {
  it.each<[string, string, unknown]>([
    ['url', 'apiUrl', ''],
    ['url', 'apiUrl', '   '],
    ['number', 'retries', ''],
    ['number', 'retries', null],
    ['select', 'region', ''],
    ['textarea', 'notes', '   '],
    ['secret', 'apiKey', ''],
    ['secret', 'apiKey', null],
  ])('%s field %s = %j', (_type, key, value) => {
    const r = schema.safeParse({ host: 'h', [key]: value });
    expect(r.error?.issues ?? []).toEqual([]);
    expect(r.data).toEqual({ host: 'h', port: 8443, ssl: false });
  });
});

describe('schemaFor with no fields', () => {
  it('drops everything', () => {
    expect(schemaFor([]).parse({ a: 1, b: 'x' })).toEqual({});
  });
});

describe('splitSecrets', () => {
  it.each<[string, Record<string, string | number | boolean>, { plain: Record<string, unknown>; secrets: Record<string, unknown> }]>([
    [
      'secrets go apart from plain settings',
      { host: 'h', port: 8443, ssl: true, apiKey: 's3cret' },
      { plain: { host: 'h', port: 8443, ssl: true }, secrets: { apiKey: 's3cret' } },
    ],
    ['no secret given', { host: 'h' }, { plain: { host: 'h' }, secrets: {} }],
    ['only a secret', { apiKey: 'k' }, { plain: {}, secrets: { apiKey: 'k' } }],
    ['keys not in the specs are ignored', { host: 'h', extra: 'x', password: 'p' }, { plain: { host: 'h' }, secrets: {} }],
    ['falsy values are kept', { ssl: false, retries: 0, notes: '' }, { plain: { ssl: false, retries: 0, notes: '' }, secrets: {} }],
  ])('%s', (_label, values, expected) => {
    expect(splitSecrets(FIELDS, values)).toEqual(expected);
  });
});
