// The admin's rich text fields, on top of plain forms; every page works without this file.
// - textarea[data-rich-text]: a Trix editor (loaded from /assets on first need) with a toggle
//   back to the HTML source. The textarea stays the one form field: the editor writes into it.
// - [data-tabs]: buttons that show one panel of a form at a time (the email's HTML and Text).
// - [data-insert-tag]: puts the tag where the cursor was in the form named by data-tags-for.
// - .preview-html [data-email-style]: the email preview's inline styles, applied through the
//   CSSOM (the CSP refuses style attributes, not style set from script).
(function () {
  'use strict';

  var trixLoading = null;
  function loadTrix() {
    if (window.Trix) return Promise.resolve();
    if (!trixLoading) {
      trixLoading = new Promise(function (resolve, reject) {
        var css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = '/assets/trix.css';
        document.head.appendChild(css);
        var js = document.createElement('script');
        js.src = '/assets/trix.umd.min.js';
        js.onload = function () {
          // Trix defines its elements on the next tick.
          customElements.whenDefined('trix-editor').then(resolve);
        };
        js.onerror = reject;
        document.head.appendChild(js);
      });
    }
    return trixLoading;
  }

  // Markup the editor keeps as it is. Anything else (tables, styles, paragraphs, images) it would
  // rewrite, so such HTML opens in the source view and switching asks first.
  // NOTE: read with a scanner, not the DOM: parsing a style attribute, even into a template or
  // DOMParser, is reported by the CSP. The server sanitized it, so its tags are well formed.
  var TRIX_TAGS = ['div', 'br', 'strong', 'em', 'del', 'a', 'ul', 'ol', 'li', 'h1', 'blockquote', 'pre'];
  var TAG = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>/g;
  function editorKeeps(html) {
    var text = html.replace(/<!--[\s\S]*?-->/g, '');
    var m;
    TAG.lastIndex = 0;
    while ((m = TAG.exec(text))) {
      var name = m[2].toLowerCase();
      var attrs = m[3].replace(/\/\s*$/, '').trim();
      if (TRIX_TAGS.indexOf(name) < 0) return false;
      if (!m[1] && attrs && !(name === 'a' && /^href="[^"]*"$/.test(attrs))) return false;
    }
    return true;
  }
  // What the editor drops anyway, dropped before it parses: style attributes would be reported.
  function withoutStyles(html) {
    return html.replace(/<[a-zA-Z][^>]*>/g, function (tag) {
      return tag.replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, '');
    });
  }

  var serial = 0;
  function enhance(textarea) {
    if (textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = '1';
    var field = textarea.closest('.field') || textarea.parentNode;
    var label = field.querySelector('label[for="' + textarea.id + '"]');
    var id = textarea.id || 'rich-' + ++serial;
    var input = document.createElement('input');
    input.type = 'hidden';
    input.id = id + '-rich-value';
    var keeps = editorKeeps(textarea.value);
    // HTML the editor would rewrite is not given to it until staff switch (see withoutStyles).
    input.value = keeps ? textarea.value : '';
    var editor = document.createElement('trix-editor');
    editor.id = id + '-rich';
    editor.setAttribute('input', input.id);
    editor.className = 'trix-content';
    // A label's for= names only form controls, so the editor (a role=textbox element) takes the
    // field's label by reference.
    if (label) {
      label.id = label.id || id + '-label';
      editor.setAttribute('aria-labelledby', label.id);
    }
    if (textarea.getAttribute('aria-describedby')) editor.setAttribute('aria-describedby', textarea.getAttribute('aria-describedby'));
    if (textarea.getAttribute('aria-invalid')) editor.setAttribute('aria-invalid', textarea.getAttribute('aria-invalid'));

    var modes = document.createElement('div');
    modes.className = 'editor-modes';
    modes.setAttribute('role', 'group');
    modes.setAttribute('aria-label', 'Editor view');
    var richButton = button('Rich text');
    var sourceButton = button('HTML source');
    modes.appendChild(richButton);
    modes.appendChild(sourceButton);
    var note = document.createElement('p');
    note.className = 'hint editor-note';
    note.hidden = true;
    note.textContent =
      'This HTML has markup the rich text editor would simplify (such as tables, styles or paragraphs), so it opens as source.';

    (label || textarea).insertAdjacentElement('afterend', modes);
    modes.insertAdjacentElement('afterend', note);
    textarea.insertAdjacentElement('beforebegin', input);
    textarea.insertAdjacentElement('beforebegin', editor);

    var mode = '';
    function show(next) {
      mode = next;
      var rich = next === 'rich';
      editor.hidden = !rich;
      if (editor.toolbarElement) editor.toolbarElement.hidden = !rich;
      textarea.hidden = rich;
      richButton.setAttribute('aria-pressed', String(rich));
      sourceButton.setAttribute('aria-pressed', String(!rich));
      if (label) label.htmlFor = rich ? editor.id : textarea.id;
    }
    editor.addEventListener('trix-initialize', function () {
      show(mode || 'rich');
    });
    // The editor writes into the textarea, which tells the form (the live preview listens).
    editor.addEventListener('trix-change', function () {
      if (mode !== 'rich') return;
      textarea.value = editor.value;
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // No uploads: a file dropped or pasted into the editor is refused.
    editor.addEventListener('trix-file-accept', function (e) {
      e.preventDefault();
    });
    richButton.addEventListener('click', function () {
      if (mode === 'rich') return;
      if (
        !editorKeeps(textarea.value) &&
        !window.confirm('The rich text editor will simplify this HTML (tables, styles and paragraphs become plain blocks). Switch anyway?')
      )
        return;
      note.hidden = true;
      show('rich');
      editor.editor.loadHTML(withoutStyles(textarea.value));
      editor.focus();
    });
    sourceButton.addEventListener('click', function () {
      if (mode === 'source') return;
      show('source');
      textarea.focus();
    });
    if (keeps) {
      mode = 'rich';
      textarea.hidden = true;
    } else {
      note.hidden = false;
      show('source');
    }
  }

  function button(text) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'small';
    b.textContent = text;
    return b;
  }

  function tabs(root) {
    if (root.dataset.enhanced) return;
    root.dataset.enhanced = '1';
    var buttons = root.querySelectorAll('[data-tab]');
    var panels = [];
    root.setAttribute('role', 'tablist');
    buttons.forEach(function (b) {
      var panel = document.getElementById(b.dataset.tab);
      panels.push(panel);
      b.id = b.dataset.tab + '-tab';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-controls', panel.id);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', b.id);
      b.addEventListener('click', function () {
        select(b);
      });
    });
    function select(chosen) {
      buttons.forEach(function (b, i) {
        var on = b === chosen;
        b.setAttribute('aria-selected', String(on));
        b.tabIndex = on ? 0 : -1;
        panels[i].hidden = !on;
      });
    }
    // Open on the panel with an error to fix, else the first.
    var start = buttons[0];
    panels.forEach(function (p, i) {
      if (p.querySelector('[aria-invalid="true"]') && start === buttons[0]) start = buttons[i];
    });
    select(start);
    root.hidden = false;
  }

  // The field a tag goes into: the one last focused in the form, if still shown.
  var lastField = new WeakMap();
  var FIELDS = 'input[type="text"], input:not([type]), textarea, trix-editor';
  document.addEventListener('focusin', function (e) {
    var el = e.target;
    if (!el.matches || !el.matches(FIELDS) || (!el.form && el.tagName !== 'TRIX-EDITOR')) return;
    var form = el.closest('form');
    if (form) lastField.set(form, el);
  });
  function shown(el) {
    return !!el && !el.hidden && el.getClientRects().length > 0;
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-insert-tag]');
    if (!b) return;
    var holder = b.closest('[data-tags-for]');
    var form = holder && document.getElementById(holder.dataset.tagsFor);
    if (!form) return;
    var target = lastField.get(form);
    if (!shown(target)) target = Array.prototype.filter.call(form.querySelectorAll('trix-editor, textarea'), shown)[0];
    if (!target || target.closest('fieldset:disabled')) return;
    var tag = b.dataset.insertTag;
    if (target.tagName === 'TRIX-EDITOR') {
      target.focus();
      target.editor.insertString(tag);
    } else {
      var start = target.selectionStart == null ? target.value.length : target.selectionStart;
      var end = target.selectionEnd == null ? start : target.selectionEnd;
      target.focus();
      target.setRangeText(tag, start, end, 'end');
      target.dispatchEvent(new Event('input', { bubbles: true }));
    }
  });

  function applyEmailStyles(root) {
    root.querySelectorAll('.preview-html [data-email-style]').forEach(function (el) {
      el.style.cssText = el.getAttribute('data-email-style');
    });
  }

  function init(root) {
    applyEmailStyles(root);
    root.querySelectorAll('[data-tabs]').forEach(tabs);
    var fields = root.querySelectorAll('textarea[data-rich-text]');
    if (!fields.length) return;
    loadTrix().then(function () {
      fields.forEach(enhance);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    init(document);
  });
  // Swapped content (boosted pages, the preview pane, fragments) gets the same treatment.
  document.addEventListener('htmx:load', function (e) {
    init(e.target);
  });
})();
