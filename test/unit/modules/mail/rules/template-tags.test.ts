import { describe, expect, it } from 'vitest';
import { GENERAL_TAGS, renderTags, sampleValues } from '../../../../../src/modules/mail/rules/template-tags.ts';

const values = {
  'client.name': 'Ada Lovelace',
  'service.id': '1042',
  'package.name': 'VPS <Small> & "Fast"',
  'plugin.ip': '203.0.113.7',
};

describe('renderTags', () => {
  it.each<[string, string, { html?: boolean }, string, string[]]>([
    ['a known tag', 'Hello {client.name}!', {}, 'Hello Ada Lovelace!', []],
    ['several known tags', 'Service #{service.id} for {client.name}', {}, 'Service #1042 for Ada Lovelace', []],
    ['a repeated tag', '{client.name}/{client.name}', {}, 'Ada Lovelace/Ada Lovelace', []],
    ["a plugin's own tag", 'IP: {plugin.ip}', {}, 'IP: 203.0.113.7', []],
    ['a tag typed in upper case', 'Hi {CLIENT.NAME}', {}, 'Hi Ada Lovelace', []],
    ['a tag in mixed case', 'Hi {Client.Name}', {}, 'Hi Ada Lovelace', []],
    ['an unknown tag is left as typed', 'Hi {client.nickname}', {}, 'Hi {client.nickname}', ['client.nickname']],
    ['an unknown tag keeps its case and is reported as typed', 'Hi {Client.Nick}', {}, 'Hi {Client.Nick}', ['Client.Nick']],
    ['an unknown tag is reported once', '{a.b} {a.b} {client.name}', {}, '{a.b} {a.b} Ada Lovelace', ['a.b']],
    ['several unknown tags', '{x.y} and {p.q.r}', {}, '{x.y} and {p.q.r}', ['x.y', 'p.q.r']],
    [
      'a prototype name is not a value',
      '{constructor.name} {tostring.x}',
      {},
      '{constructor.name} {tostring.x}',
      ['constructor.name', 'tostring.x'],
    ],
    [
      'braces that are not a tag are untouched',
      '{} {name} {1.2} { client.name } json: {"a":1}',
      {},
      '{} {name} {1.2} { client.name } json: {"a":1}',
      [],
    ],
    ['text mode does not escape', '{package.name}', {}, 'VPS <Small> & "Fast"', []],
    ['html mode escapes values', '<b>{package.name}</b>', { html: true }, '<b>VPS &lt;Small&gt; &amp; &quot;Fast&quot;</b>', []],
    [
      'html mode leaves the template itself alone',
      '<p class="x">{client.name} &amp; co</p>',
      { html: true },
      '<p class="x">Ada Lovelace &amp; co</p>',
      [],
    ],
    ['an empty template', '', {}, '', []],
  ])('%s', (_label, template, opts, output, unknown) => {
    expect(renderTags(template, values, opts)).toEqual({ output, unknown });
  });

  it.each<[string, string]>([
    ['$&', '$&'],
    ["$'", "$'"],
    ['$1 and $$', '$1 and $$'],
  ])('inserts a value containing %j literally', (value, expected) => {
    expect(renderTags('[{client.name}]', { 'client.name': value }).output).toBe(`[${expected}]`);
  });

  it('escapes a single quote in html mode', () => {
    expect(renderTags("<a title='{client.name}'>", { 'client.name': "O'Brien" }, { html: true }).output).toBe("<a title='O&#39;Brien'>");
  });

  it('does not substitute inside a substituted value', () => {
    expect(renderTags('{client.name}', { 'client.name': '{service.id}', 'service.id': '1' })).toEqual({
      output: '{service.id}',
      unknown: [],
    });
  });
});

describe('sampleValues', () => {
  it('renders every general tag from its sample, with nothing unknown', () => {
    const template = GENERAL_TAGS.map((t) => `{${t.name}}`).join('|');
    expect(renderTags(template, sampleValues(GENERAL_TAGS))).toEqual({
      output: GENERAL_TAGS.map((t) => t.sample).join('|'),
      unknown: [],
    });
  });

  it('keys samples by lower-case name', () => {
    expect(sampleValues([{ name: 'Plugin.IP', description: 'x', sample: '1.2.3.4' }])).toEqual({ 'plugin.ip': '1.2.3.4' });
  });
});
