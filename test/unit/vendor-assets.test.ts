import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Browser libraries are served from public/ (our own origin, no CDN) as copies of the pinned
// packages' files: after an upgrade, copy them again (the rich text editor's CSP hashes in
// src/app.ts may change too; the browser tests report that).
describe('public/ holds the pinned packages’ browser files', () => {
  it.each([
    ['public/htmx.min.js', 'node_modules/htmx.org/dist/htmx.min.js'],
    ['public/trix.umd.min.js', 'node_modules/trix/dist/trix.umd.min.js'],
    ['public/trix.css', 'node_modules/trix/dist/trix.css'],
    ['public/uplot.iife.min.js', 'node_modules/uplot/dist/uPlot.iife.min.js'],
    ['public/uplot.min.css', 'node_modules/uplot/dist/uPlot.min.css'],
  ])('%s is %s', (served, pinned) => {
    expect(readFileSync(served).equals(readFileSync(pinned))).toBe(true);
  });
});
