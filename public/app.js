// Small enhancements on top of plain forms; every page works without this file.
// NOTE: slugify mirrors src/modules/catalog/rules/slug.ts; the server makes the final slug.
(function () {
  'use strict';

  // Styles for what this file does (tables boxed below) key on this class.
  document.documentElement.classList.add('js');

  // The main menu's button on a narrow screen (views/components/menu-toggle.tsx): a link to the
  // menu, opened and closed here in place instead of followed.
  function toggleMenu(e) {
    var button = e.target instanceof Element ? e.target.closest('.menu-toggle') : null;
    if (!button) return;
    var nav = document.getElementById(button.getAttribute('aria-controls') || '');
    if (!nav) return;
    e.preventDefault();
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('open', open);
  }
  document.addEventListener('click', toggleMenu);
  // A button opens on Space as well as on Enter; a link, only on Enter.
  document.addEventListener('keydown', function (e) {
    if (e.key === ' ') toggleMenu(e);
  });

  // A wide table scrolls inside a box of its own rather than widening the page.
  function wrapTables(root) {
    var tables = (root || document).querySelectorAll('table.table');
    tables.forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains('table-wrap') || parent.classList.contains('scroll-x')) return;
      var wrap = document.createElement('div');
      wrap.className = 'table-wrap';
      // A box that scrolls is reached and scrolled with the keyboard too, and says what it holds.
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', table.getAttribute('aria-label') || (table.caption && table.caption.textContent) || 'Table');
      parent.insertBefore(wrap, table);
      wrap.appendChild(table);
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    wrapTables(document);
  });
  document.addEventListener('htmx:afterSettle', function (e) {
    wrapTables(e.target instanceof Element ? e.target : document);
  });

  function slugify(s) {
    return s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/g, '');
  }

  // Suggest a slug from the name until staff type one of their own.
  document.addEventListener('input', function (e) {
    var el = e.target;
    if (!(el instanceof HTMLInputElement)) return;
    if (el.dataset.slugSource !== undefined) {
      var target = document.getElementById(el.dataset.slugSource);
      if (target && !target.dataset.touched) target.value = slugify(el.value);
    } else if (el.dataset.slug !== undefined) {
      el.dataset.touched = el.value ? '1' : '';
    }
  });

  function toast(text) {
    var t = document.getElementById('toast');
    if (!t) return;
    t.textContent = text;
    t.hidden = false;
    clearTimeout(t._timer);
    t._timer = setTimeout(function () {
      t.hidden = true;
    }, 6000);
  }

  // Refusals that are not swapped (403, 404, 409...) still tell staff why.
  // NOTE: a boosted form's refusal is a whole page (the one shown without JavaScript): its alerts
  // say why, and the rest of it is the menu and the page around them, not to be read out.
  function refusalText(html) {
    var flat = function (s) {
      return s.replace(/\s+/g, ' ').trim();
    };
    if (/<html[\s>]/i.test(html)) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      var said = Array.prototype.map
        .call(doc.querySelectorAll('[role="alert"]'), function (a) {
          return flat(a.textContent || '');
        })
        .filter(Boolean)
        .join(' ');
      var title = doc.querySelector('main h1');
      return said || (title ? flat(title.textContent || '') : '');
    }
    return flat(html.replace(/<[^>]*>/g, ' '));
  }
  document.addEventListener('htmx:responseError', function (e) {
    var xhr = e.detail.xhr;
    toast(refusalText(xhr.responseText || '').slice(0, 300) || 'The server answered ' + xhr.status + '.');
  });
  document.addEventListener('htmx:sendError', function () {
    toast('The server could not be reached. Check your connection and try again.');
  });
  // A swap never loses what a person is typing. A field edited while a request is in flight (a
  // quantity typed just after picking an option, another cart line's quantity) keeps its value
  // when the answer redraws it, and a change event follows so a live summary is priced from it.
  // NOTE: fields are matched by id and name; htmx itself moves the focus and caret to the new
  // field of the same id. A boosted link (a new page) carries nothing over.
  var inFlight = [];
  function flightOf(xhr) {
    for (var i = 0; i < inFlight.length; i++) if (inFlight[i].xhr === xhr) return inFlight[i];
    return null;
  }
  function land(flight) {
    inFlight.splice(inFlight.indexOf(flight), 1);
  }
  function isField(el) {
    return (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) && !!el.id;
  }
  function isToggle(el) {
    return el.type === 'checkbox' || el.type === 'radio';
  }
  document.addEventListener('htmx:beforeRequest', function (e) {
    var d = e.detail;
    if (d.boosted && d.requestConfig && d.requestConfig.verb === 'get') return;
    inFlight.push({ xhr: d.xhr, edited: [], kept: null });
  });
  function noteEdit(e) {
    if (!isField(e.target)) return;
    inFlight.forEach(function (f) {
      if (f.edited.indexOf(e.target) < 0) f.edited.push(e.target);
    });
  }
  document.addEventListener('input', noteEdit, true);
  document.addEventListener('change', noteEdit, true);
  document.addEventListener('htmx:beforeSwap', function (e) {
    var flight = flightOf(e.detail.xhr);
    if (!flight || !e.detail.shouldSwap) return;
    flight.kept = flight.edited.map(function (el) {
      var caret = null;
      try {
        caret = el.selectionStart === null || el.selectionStart === undefined ? null : [el.selectionStart, el.selectionEnd];
      } catch (_) {
        caret = null;
      }
      return { el: el, id: el.id, name: el.name, value: el.value, checked: el.checked, caret: caret };
    });
  });
  document.addEventListener('htmx:afterSwap', function (e) {
    var flight = flightOf(e.detail.xhr);
    if (!flight || !flight.kept) return;
    land(flight);
    flight.kept.forEach(function (k) {
      var now = document.getElementById(k.id);
      if (!isField(now) || now === k.el || now.name !== k.name) return;
      if (isToggle(now) ? now.checked === k.checked : now.value === k.value) return;
      if (isToggle(now)) now.checked = k.checked;
      else now.value = k.value;
      if (k.caret && document.activeElement === now) now.setSelectionRange(k.caret[0], k.caret[1]);
      now.dispatchEvent(new Event('change', { bubbles: true }));
    });
  });
  document.addEventListener('htmx:afterRequest', function (e) {
    var flight = flightOf(e.detail.xhr);
    if (flight && !flight.kept) land(flight);
  });

  // An order waits for the price it carries. A quantity typed and "Order" clicked straight away
  // sends the typed change's price first (on leaving the field); leaving at once, the order would
  // carry the total shown before it and be refused as changed. It goes when that answer is in.
  // NOTE: "being priced" is htmx's own mark on the form, or on a button in it, while its request
  // is out (the class htmx-request, removed when it ends, also when it is aborted). Only a form
  // that sends its total (expectedTotal) natively; a form htmx submits itself (hx-trigger
  // "submit") is queued by htmx. An answer that never comes holds the order a few seconds at most.
  var waiting = null;
  var released = null;
  function pricing(form) {
    return form.classList.contains('htmx-request') || !!form.querySelector('.htmx-request');
  }
  document.addEventListener(
    'submit',
    function (e) {
      var form = e.target;
      if (form === released) {
        released = null;
        return;
      }
      if (!(form instanceof HTMLFormElement) || e.defaultPrevented || !pricing(form)) return;
      if (!form.querySelector('input[name="expectedTotal"]') || /\bsubmit\b/.test(form.getAttribute('hx-trigger') || '')) return;
      e.preventDefault();
      waiting = { form: form, submitter: e.submitter || null };
      setTimeout(function () {
        release(true);
      }, 5000);
    },
    true,
  );
  function release(anyway) {
    setTimeout(function () {
      if (!waiting || (!anyway && pricing(waiting.form))) return;
      var w = waiting;
      waiting = null;
      if (!document.body.contains(w.form)) return;
      // Sent as it is now, even if still marked as pricing (the answer that never came).
      released = w.form;
      w.form.requestSubmit(w.submitter && w.form.contains(w.submitter) ? w.submitter : undefined);
    }, 0);
  }
  document.addEventListener('htmx:afterRequest', function () {
    release(false);
  });

  // A form's live price (asked for on "change") goes where the form says, never where the last
  // button clicked in it points: htmx sends every request of a form to that button's formaction,
  // so a price asked for as "Add to cart" was pressed (leaving a field, or one waiting its turn)
  // went to the cart and added the line, and the click's own submit added it again.
  document.addEventListener('htmx:configRequest', function (e) {
    var d = e.detail || {};
    var form = d.elt;
    if (!(form instanceof HTMLFormElement) || (d.triggeringEvent && d.triggeringEvent.type === 'submit')) return;
    var verbs = ['get', 'post', 'put', 'patch', 'delete'];
    for (var i = 0; i < verbs.length; i++) {
      var own = form.getAttribute('hx-' + verbs[i]);
      if (own !== null) {
        d.path = own;
        d.verb = verbs[i];
        return;
      }
    }
  });

  // A live summary asked for while a field is out of its bounds (a quantity of 0, 50 extra IPs
  // where 8 is the most): htmx checks the form first and sends nothing, so the summary would go on
  // showing the price of the choice before. The browser says what is wrong at the field
  // (reportValidityOfForms in the htmx config), the field is marked, and the summary is dimmed as
  // not the price of what is chosen until an answer for a valid choice replaces it.
  document.addEventListener('htmx:validation:halted', function (e) {
    var d = e.detail || {};
    (d.errors || []).forEach(function (err) {
      if (!err.elt || !err.elt.setAttribute) return;
      err.elt.setAttribute('aria-invalid', 'true');
      err.elt.dataset.boundsInvalid = '';
    });
    if (d.target && d.target.classList && d.target !== document.body) {
      d.target.classList.add('stale');
      d.target.setAttribute('aria-disabled', 'true');
    }
  });
  function boundsMended(e) {
    var el = e.target;
    if (!(el instanceof HTMLInputElement) || el.dataset.boundsInvalid === undefined || !el.checkValidity()) return;
    el.removeAttribute('aria-invalid');
    delete el.dataset.boundsInvalid;
  }
  document.addEventListener('input', boundsMended, true);
  document.addEventListener('change', boundsMended, true);

  // After a swap that shows errors, put the cursor in the first field to fix. NOTE: with an
  // outerHTML swap e.detail.target is the old, detached element; e.target is the new one.
  document.addEventListener('htmx:afterSwap', function (e) {
    var root = e.target;
    if (!root || !root.querySelector) return;
    var focus = root.matches && root.matches('[aria-invalid="true"]') ? root : root.querySelector('[aria-invalid="true"]');
    if (focus) focus.focus();
  });
})();
