import { describe, expect, it } from 'vitest';
import { carryStylesAsData, sanitizeDescription, sanitizeEmailHtml } from '../../../../src/modules/shared/staff-html.ts';

describe('sanitizeDescription removes what can run code', () => {
  it.each<[string, string, string[]]>([
    // [label, input, fragments that must not survive (case-insensitive)]
    ['a script tag and its content', '<p>Hi</p><script>alert(1)</script>', ['<script', 'alert(1)']],
    ['a script tag in upper case', '<SCRIPT SRC="https://evil.example/x.js"></SCRIPT><p>ok</p>', ['script', 'evil.example']],
    ['a style tag and its content', '<style>body{display:none}</style><p>ok</p>', ['<style', 'display:none']],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">ok</p>', ['style=', 'javascript']],
    ['an onclick handler', '<p onclick="alert(1)">ok</p>', ['onclick', 'alert']],
    ['an onerror handler on an image', '<img src="https://cdn.example/a.png" onerror="alert(1)">', ['onerror', 'alert']],
    ['an onmouseover handler on a link', '<a href="https://example.com" onmouseover="alert(1)">x</a>', ['onmouseover', 'alert']],
    ['hx-get', '<div hx-get="/admin/delete" hx-trigger="load">ok</div>', ['hx-get', 'hx-trigger', '/admin/delete']],
    ['hx-post', '<span hx-post="/admin/users" hx-vals=\'{"role":"owner"}\'>ok</span>', ['hx-post', 'hx-vals', '/admin/users']],
    ['data-hx-* attributes', '<p data-hx-get="/a" data-hx-post="/b" data-hx-trigger="load">ok</p>', ['data-hx', '/a"', '/b"']],
    ['hx-on event attributes', '<p hx-on:click="alert(1)" hx-on--load="alert(2)">ok</p>', ['hx-on', 'alert']],
    ['a javascript: href', '<a href="javascript:alert(1)">x</a>', ['javascript', 'alert']],
    ['a mixed-case javascript: href', '<a href="JaVaScRiPt:alert(1)">x</a>', ['javascript', 'alert']],
    ['a javascript: href with leading spaces', '<a href="  javascript:alert(1)">x</a>', ['javascript', 'alert']],
    ['an entity-encoded javascript: href', '<a href="jav&#x09;ascript:alert(1)">x</a>', ['ascript', 'alert']],
    ['a data: href', '<a href="data:text/html,<script>alert(1)</script>">x</a>', ['data:', 'alert']],
    ['a vbscript: href', '<a href="vbscript:msgbox(1)">x</a>', ['vbscript', 'msgbox']],
    ['a data: image', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', ['data:']],
    ['a mailto: image', '<img src="mailto:a@example.com">', ['mailto']],
    ['a protocol-relative link', '<a href="//evil.example/">x</a>', ['evil.example']],
    ['an iframe', '<iframe src="https://evil.example"></iframe><p>ok</p>', ['iframe', 'evil.example']],
    ['a form with inputs', '<form action="/x"><input name="a"><button>Go</button></form>', ['<form', '<input', '<button']],
    ['an svg with a script', '<svg><script>alert(1)</script></svg>', ['svg', 'alert']],
    ['an object/embed', '<object data="x.swf"></object><embed src="x.swf">', ['object', 'embed', 'swf']],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">', ['meta', 'evil.example']],
    ['a base tag', '<base href="https://evil.example/">', ['<base', 'evil.example']],
    ['an id attribute (DOM clobbering)', '<p id="csrf-token">x</p>', ['id=', 'csrf-token']],
  ])('%s', (_label, input, banned) => {
    const out = sanitizeDescription(input).toLowerCase();
    for (const fragment of banned) expect(out).not.toContain(fragment.toLowerCase());
  });

  it('keeps the text around what it removes', () => {
    expect(sanitizeDescription('<p onclick="x()">Fast <script>bad()</script>SSD</p>')).toBe('<p>Fast SSD</p>');
  });

  it('drops a javascript: href but keeps the link text', () => {
    expect(sanitizeDescription('<a href="javascript:alert(1)">Click</a>')).toBe('<a>Click</a>');
  });
});

describe('sanitizeDescription keeps allowed markup', () => {
  it.each([
    ['<p>Plain <strong>bold</strong> <em>italic</em> <u>u</u> <s>s</s></p>'],
    ['<h2>Title</h2><h3>Sub</h3>'],
    ['<ul><li>One</li><li>Two</li></ul><ol><li>First</li></ol>'],
    ['<p>x<sup>2</sup> H<sub>2</sub>O <small>fine print</small> <code>uname -a</code></p>'],
    ['<blockquote>Quote</blockquote><pre>pre text</pre><hr />'],
    ['<table><thead><tr><th colspan="2">Spec</th></tr></thead><tbody><tr><td rowspan="1">CPU</td><td>4</td></tr></tbody></table>'],
    ['<a href="https://example.com/docs" title="Docs">Docs</a>'],
    ['<a href="http://example.com/">Plain http</a>'],
    ['<a href="mailto:sales@example.com">Mail us</a>'],
    ['<a href="/relative/path">Relative</a>'],
    ['<img src="https://cdn.example.com/a.png" alt="Diagram" width="100" height="50" />'],
    ['<div class="note"><span class="badge">New</span></div>'],
    ['<p>Tom &amp; Jerry &lt;3</p>'],
  ])('%s', (html) => {
    expect(sanitizeDescription(html)).toBe(html);
  });

  it('trims surrounding whitespace', () => {
    expect(sanitizeDescription('  \n<p>x</p>\n  ')).toBe('<p>x</p>');
  });

  it('escapes a bare angle bracket in text', () => {
    expect(sanitizeDescription('1 < 2')).toBe('1 &lt; 2');
  });
});

describe('sanitizeDescription and target=_blank', () => {
  it.each([
    [
      '<a href="https://example.com" target="_blank">x</a>',
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>',
    ],
    // A rel typed by staff is replaced, so "opener" cannot be asked for.
    [
      '<a href="https://example.com" target="_blank" rel="opener">x</a>',
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>',
    ],
    // Without target=_blank the link is left alone.
    ['<a href="https://example.com">x</a>', '<a href="https://example.com">x</a>'],
    ['<a href="https://example.com" target="_self">x</a>', '<a href="https://example.com" target="_self">x</a>'],
  ])('%s', (input, expected) => {
    expect(sanitizeDescription(input)).toBe(expected);
  });
});

describe('sanitizeEmailHtml', () => {
  it.each<[string, string, string[]]>([
    ['a script tag and its content', '<p>Hi</p><script>alert(1)</script>', ['<script', 'alert(1)']],
    ['an onerror handler', '<img src="https://cdn.example/a.png" onerror="alert(1)">', ['onerror', 'alert']],
    ['an onload handler on a table', '<table onload="alert(1)"><tr><td>x</td></tr></table>', ['onload', 'alert']],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', ['javascript', 'alert']],
    ['a javascript: link hidden by an entity', '<a href="jav&#x09;ascript:alert(1)">x</a>', ['ascript', 'alert']],
    ['a style element', '<style>p{color:red}</style><p>ok</p>', ['<style', 'color:red']],
    ['a url() in a style', '<p style="background-image:url(https://evil.example/t.png)">ok</p>', ['url(', 'evil.example']],
    ['a javascript: url in a style', '<p style="background:url(javascript:alert(1))">ok</p>', ['javascript', 'alert']],
    ['an expression() in a style', '<p style="width:expression(alert(1))">ok</p>', ['expression', 'alert']],
    ['a position in a style (overlays)', '<div style="position:fixed;top:0">ok</div>', ['position', 'fixed']],
    ['an escaped style value', '<p style="color:\\72 ed">ok</p>', ['\\72']],
    ['an iframe', '<iframe src="https://evil.example"></iframe><p>ok</p>', ['iframe', 'evil.example']],
    ['hx attributes', '<div hx-get="/admin/x" data-hx-post="/y">ok</div>', ['hx-', '/admin/x']],
    ['a form', '<form action="https://evil.example"><input name="password"></form>', ['<form', '<input', 'evil.example']],
  ])('removes %s', (_label, input, banned) => {
    const out = sanitizeEmailHtml(input).toLowerCase();
    for (const fragment of banned) expect(out).not.toContain(fragment.toLowerCase());
  });

  it.each([
    ['<h1 style="color:#333333;font-size:24px">Welcome</h1>'],
    ['<p style="color:rgb(51, 51, 51);text-align:center;padding:8px 0">Centered</p>'],
    [
      '<table width="100%" cellpadding="0" cellspacing="0" border="0" role="presentation" style="border-collapse:collapse"><tr><td align="center" valign="top" bgcolor="#f4f4f4" style="padding:16px">Cell</td></tr></table>',
    ],
    ['<a href="https://panel.example.com/login" style="background-color:#0055aa;color:#ffffff;text-decoration:none">Log in</a>'],
    ['<p>Hello {client.name}, your service #{service.id} is ready.</p>'],
    ['<a href="{webhook.login_url}">Control panel</a>'],
    ['<img src="https://cdn.example.com/logo.png" alt="Logo" width="120" height="40" style="display:block" />'],
  ])('keeps email layout and tags (styles as it writes them): %s', (html) => {
    expect(sanitizeEmailHtml(html)).toBe(html);
  });

  it('is idempotent: sanitizing what it returns changes nothing', () => {
    const once = sanitizeEmailHtml('<p style="color:red;position:absolute" onclick="x()">Hi <b>{client.name}</b><script>x()</script></p>');
    expect(once).toBe('<p style="color:red">Hi <b>{client.name}</b></p>');
    expect(sanitizeEmailHtml(once)).toBe(once);
  });
});

describe('the rich text editor (Trix) markup', () => {
  const TRIX =
    '<h1>Title</h1><div>Line <strong>bold</strong> <em>em</em> <del>gone</del><br />next <a href="https://example.com/">link</a></div><blockquote>Quote</blockquote><pre>code</pre><ul><li>a</li></ul><ol><li>b</li></ol><figure><img src="https://cdn.example.com/a.png" alt="A" /><figcaption>Caption</figcaption></figure>';

  it('survives both allow-lists as it is', () => {
    expect(sanitizeDescription(TRIX)).toBe(TRIX);
    expect(sanitizeEmailHtml(TRIX)).toBe(TRIX);
  });

  it("drops the editor's block comments and data attributes", () => {
    expect(sanitizeDescription('<div><!--block-->Hi</div><figure data-trix-attachment="{}" class="attachment">x</figure>')).toBe(
      '<div>Hi</div><figure class="attachment">x</figure>',
    );
  });
});

describe('carryStylesAsData', () => {
  it('renames every style attribute to data-email-style and changes nothing else', () => {
    expect(
      carryStylesAsData(
        '<div class="email-body" style="color: #111;"><p style="margin: 0;">It\'s say style="x"</p><br><a href="https://a.example/?x=1&amp;y=2">l</a></div>',
      ),
    ).toBe(
      '<div class="email-body" data-email-style="color: #111;"><p data-email-style="margin: 0;">It\'s say style="x"</p><br /><a href="https://a.example/?x=1&amp;y=2">l</a></div>',
    );
  });
});
