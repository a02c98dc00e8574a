import { describe, expect, it } from 'vitest';
import { inlineCss, parseDeclarations, parseStylesheet } from '../../../../src/modules/mail/inline-css.ts';

const rules = parseStylesheet(`
/* a comment */
p { margin: 0 0 12px; color: #111; }
.note { color: #555; font-style: italic; }
p.note { margin: 0; }
td, th { text-align: left; background-color: #f1f5f9; }
img { max-width: 100%; }
`);

describe('parseStylesheet', () => {
  it('reads tag, class and tag.class selectors in comma lists, with their specificity', () => {
    expect(rules.map((r) => [r.tag, r.cls, r.specificity])).toEqual([
      ['p', null, 1],
      [null, 'note', 10],
      ['p', 'note', 11],
      ['td', null, 1],
      ['th', null, 1],
      ['img', null, 1],
    ]);
    expect(rules[0]!.declarations).toEqual([
      ['margin', '0 0 12px'],
      ['color', '#111'],
    ]);
  });

  it('refuses a selector it cannot apply rather than skipping the rule', () => {
    expect(() => parseStylesheet('div p { color: red; }')).toThrow(/"div p"/);
    expect(() => parseStylesheet('a:hover { color: red; }')).toThrow(/"a:hover"/);
    expect(() => parseStylesheet('#x { color: red; }')).toThrow(/"#x"/);
  });
});

describe('parseDeclarations', () => {
  it('splits on semicolons outside quotes and parentheses, and drops pieces without a value', () => {
    expect(parseDeclarations(`font-family: "A; B", Arial; background-image: url(a;b.png); Color:RED;; junk; x:`)).toEqual([
      ['font-family', '"A; B", Arial'],
      ['background-image', 'url(a;b.png)'],
      ['color', 'RED'],
    ]);
  });
});

describe('inlineCss', () => {
  it('gives each element the winner per property, sorted by specificity, with its own inline style highest', () => {
    expect(inlineCss('<p class="x note" style="color:#f00">A</p>', rules)).toBe(
      '<p class="x note" style="font-style: italic; margin: 0; color: #f00;">A</p>',
    );
    expect(inlineCss('<p>B</p><span class="note">C</span>', rules)).toBe(
      '<p style="margin: 0 0 12px; color: #111;">B</p><span class="note" style="color: #555; font-style: italic;">C</span>',
    );
  });

  it('leaves elements no rule matches, comments and text as written', () => {
    const html = '<div title="a > b" data-x=\'1\'>Fish &amp; chips &lt;p&gt;</div><!-- <p>not an element</p> --><pre>p { }</pre>';
    expect(inlineCss(html, rules)).toBe(html);
  });

  it('keeps other attributes in place, quotes in values made single, and writes void elements without a slash', () => {
    expect(inlineCss('<img src="a.png" alt="x" style=\'font-family: "Open Sans"\' />', rules)).toBe(
      `<img src="a.png" alt="x" style="max-width: 100%; font-family: 'Open Sans';">`,
    );
    expect(inlineCss('<br /><hr/>', rules)).toBe('<br><hr>');
  });

  it('gives table cells the attributes old mail programs read, from what they end up with', () => {
    expect(inlineCss('<table><tr><td align="center" style="text-align: right">1</td><th>2</th></tr></table>', rules)).toBe(
      '<table><tr><td align="right" style="background-color: #f1f5f9; text-align: right;" bgcolor="#f1f5f9">1</td>' +
        '<th style="text-align: left; background-color: #f1f5f9;" align="left" bgcolor="#f1f5f9">2</th></tr></table>',
    );
  });
});
