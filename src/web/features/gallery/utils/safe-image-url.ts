/** Screenshot images are shown only from Runwatch's own `/api/` routes; anything else is refused. */
export function safeImageUrl(url: string): string | null {
  if (!url.startsWith('/api/') || url.startsWith('//') || url.includes('\\')) return null;
  return url;
}
