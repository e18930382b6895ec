/** Header values for files Runwatch passes on; file names and types come from the upstream, so untrusted. */

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/;

/** Control characters, path and shell-special characters, quotes, and bidi overrides that disguise extensions. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f-\u009f"\\/:*?<>|\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;

/**
 * Types a downloaded file may be sent with from Runwatch's origin; anything else (HTML, SVG,
 * script…) goes out as `application/octet-stream`. The upstream never picks an arbitrary type.
 */
export const DOWNLOAD_TYPES: readonly string[] = [
  ...IMAGE_TYPES,
  'application/pdf',
  'application/json',
  'application/zip',
  'application/gzip',
  'text/csv',
  'text/plain',
  'text/calendar',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/** Types that say nothing about the content: file hosts send them for anything. */
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', 'application/binary', 'application/unknown', 'application/download']);

/**
 * The type to send a screenshot with: the file host's when it is an image type, else the type the
 * run declares for it when the host's says nothing (e.g. `application/octet-stream`). Null when
 * neither makes it an image Runwatch shows.
 */
export function screenshotType(served: string | null, declared: string | null): string | null {
  const isImage = (type: string | null): type is string => type !== null && (IMAGE_TYPES as readonly string[]).includes(type);
  if (isImage(served)) return served;
  if ((served === null || GENERIC_TYPES.has(served)) && isImage(declared)) return declared;
  return null;
}

/** The type to send a captured file with: the first allowed of the host's and the run's, else octet-stream. */
export function downloadType(served: string | null, declared: string | null): string {
  for (const type of [served, declared]) {
    if (type !== null && !GENERIC_TYPES.has(type) && DOWNLOAD_TYPES.includes(type)) return type;
  }
  return 'application/octet-stream';
}

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
