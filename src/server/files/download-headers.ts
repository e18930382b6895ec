/** Header values for files Runwatch passes on; file names and types come from the upstream, so untrusted. */

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/;

/** Control characters, path and shell-special characters, quotes, and bidi overrides that disguise extensions. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f-\u009f"\\/:*?<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/** The bare media type of a Content-Type value, or null when it is not a well-formed one. */
export function mediaTypeOf(value: string | null | undefined): string | null {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return MIME_TYPE.test(type) ? type : null;
}

/**
 * `attachment` with both a plain ASCII `filename` and an RFC 5987 `filename*`. Path separators,
 * quotes, control and bidi-override characters are replaced, leading dots dropped, length capped.
 */
export function attachmentDisposition(fileName: string): string {
  const cleaned =
    fileName
      .replace(UNSAFE_IN_FILE_NAME, '_')
      .replace(/^[.\s]+/, '')
      .trim()
      .slice(0, 150) || 'download';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/[%;]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
