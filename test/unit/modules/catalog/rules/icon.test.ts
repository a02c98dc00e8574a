import { describe, expect, it } from 'vitest';
import { iconProblem, sniffIcon, type IconExt } from '../../../../../src/modules/catalog/rules/icon.ts';

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 0x0d], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBP', 'VP8 ', [0, 0, 0, 0]);
const WAV = bytes('RIFF', [0x24, 0, 0, 0], 'WAVE', 'fmt ', [0, 0, 0, 0]);
const AVI = bytes('RIFF', [0x24, 0, 0, 0], 'AVI ', 'LIST');
const GIF = bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]);
const TEXT = bytes('hello, this is not an image\n');
const SVG = bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>');

describe('sniffIcon', () => {
  it.each<[string, Uint8Array, IconExt | null]>([
    ['a PNG', PNG, 'png'],
    ['a JPEG', JPEG, 'jpg'],
    ['a bare JPEG start of image', bytes([0xff, 0xd8, 0xff]), 'jpg'],
    ['a WebP', WEBP, 'webp'],
    ['a RIFF WAVE file', WAV, null],
    ['a RIFF AVI file', AVI, null],
    ['a RIFF header cut short before the form type', bytes('RIFF', [0, 0, 0, 0]), null],
    ['a GIF', GIF, null],
    ['a text file', TEXT, null],
    ['an SVG', SVG, null],
    ['nothing', new Uint8Array(), null],
    ['a PNG signature cut short', PNG.slice(0, 7), null],
    ['a PNG signature with one byte wrong', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b]), null],
    ['two JPEG bytes', bytes([0xff, 0xd8]), null],
    ['a text file named like a PNG (bytes say "PNG")', bytes('PNG image'), null],
  ])('%s -> %s', (_label, data, expected) => {
    expect(sniffIcon(data)).toBe(expected);
  });
});

describe('iconProblem', () => {
  const MAX = 256 * 1024;
  const padded = (head: Uint8Array, length: number) => {
    const out = new Uint8Array(length);
    out.set(head);
    return out;
  };

  it.each<[string, Uint8Array, number, string | null]>([
    ['a PNG within the limit', PNG, MAX, null],
    ['a JPEG within the limit', JPEG, MAX, null],
    ['a WebP within the limit', WEBP, MAX, null],
    ['a PNG of exactly the limit', padded(PNG, MAX), MAX, null],
    ['an empty file', new Uint8Array(), MAX, 'Choose an image file.'],
    ['a PNG one byte over the limit', padded(PNG, MAX + 1), MAX, 'The icon must be at most 256 KB.'],
    ['a large file under a 100 KB limit', padded(PNG, 200 * 1024), 100 * 1024, 'The icon must be at most 100 KB.'],
    ['a GIF', GIF, MAX, 'The icon must be a PNG, JPG or WebP image.'],
    ['a text file', TEXT, MAX, 'The icon must be a PNG, JPG or WebP image.'],
    ['a RIFF that is not WebP', WAV, MAX, 'The icon must be a PNG, JPG or WebP image.'],
  ])('%s', (_label, data, max, expected) => {
    expect(iconProblem(data, max)).toBe(expected);
  });
});
