// Icons are checked by their first bytes, not by the name or type the browser claims.
export const ICON_TYPES = {
  png: { mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  jpg: { mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  webp: { mime: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
} as const;
export type IconExt = keyof typeof ICON_TYPES;

export function sniffIcon(bytes: Uint8Array): IconExt | null {
  for (const [ext, t] of Object.entries(ICON_TYPES) as [IconExt, (typeof ICON_TYPES)[IconExt]][]) {
    if (t.magic.every((b, i) => bytes[i] === b)) {
      // RIFF is shared by other formats; a WebP says so at byte 8.
      if (ext === 'webp' && String.fromCharCode(...bytes.slice(8, 12)) !== 'WEBP') continue;
      return ext;
    }
  }
  return null;
}

export function iconProblem(bytes: Uint8Array, maxBytes: number): string | null {
  if (bytes.length === 0) return 'Choose an image file.';
  if (bytes.length > maxBytes) return `The icon must be at most ${Math.floor(maxBytes / 1024)} KB.`;
  if (!sniffIcon(bytes)) return 'The icon must be a PNG, JPG or WebP image.';
  return null;
}
