// Small enhancements on top of plain forms; every page works without this file.
// NOTE: slugify mirrors src/modules/catalog/rules/slug.ts; the server makes the final slug.
(function () {
  'use strict';

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
  document.addEventListener('htmx:responseError', function (e) {
    var xhr = e.detail.xhr;
    var text = (xhr.responseText || '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    toast(text.slice(0, 300) || 'The server answered ' + xhr.status + '.');
  });
  document.addEventListener('htmx:sendError', function () {
    toast('The server could not be reached. Check your connection and try again.');
  });
  // After a swap that shows errors, put the cursor in the first field to fix. NOTE: with an
  // outerHTML swap e.detail.target is the old, detached element; e.target is the new one.
  document.addEventListener('htmx:afterSwap', function (e) {
    var root = e.target;
    if (!root || !root.querySelector) return;
    var focus = root.matches && root.matches('[aria-invalid="true"]') ? root : root.querySelector('[aria-invalid="true"]');
    if (focus) focus.focus();
  });
})();
