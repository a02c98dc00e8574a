import { describe, expect, it } from 'vitest';
import { fontFor } from '../../../../src/modules/invoicing/pdf-fonts.ts';

describe('fontFor', () => {
  it.each([
    ['Zoë Ødegård', 'sans', 'sans'],
    ['Ђорђе Αθηνά', 'sans-bold', 'sans-bold'],
    ['山田太郎', 'sans', 'han-sans'],
    ['やまだ', 'sans-bold', 'han-sans-bold'],
    ['Zoë 山田', 'sans', 'han-sans'],
    ['김민수', 'sans', 'hangul-sans'],
    ['山田 / 김민수', 'sans-bold', 'hangul-sans-bold'],
  ] as const)('sets %s (%s) in %s', (text, face, font) => expect(fontFor(text, face)).toBe(font));
});
