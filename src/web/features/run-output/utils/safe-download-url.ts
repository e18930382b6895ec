/**
 * Only same-origin Runwatch routes are offered as download links. Anything else (an absolute or
 * protocol-relative URL, `javascript:`) is refused: file names and URLs come from the upstream.
 */
export function safeDownloadUrl(url: string | null): string | null {
  if (url === null) return null;
  if (!url.startsWith('/api/') || url.startsWith('//') || url.includes('\\')) return null;
  return url;
}
