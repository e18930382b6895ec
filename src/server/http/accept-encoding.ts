/** Content codings Runwatch can send, besides the body as it is. */
export type ContentCoding = 'br' | 'gzip';

/**
 * The coding to send for an `Accept-Encoding` header, chosen from `available` (listed in the
 * server's order of preference, which breaks ties); null means the body as it is. A coding with
 * `q=0` is refused; `*` stands for every coding the header does not name.
 */
export function negotiateEncoding(header: string | undefined, available: readonly ContentCoding[]): ContentCoding | null {
  if (!header || available.length === 0) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      // A weight that cannot be read counts as a refusal: sending plain is always understood.
      if (match) q = Number(match[1]);
      else if (/^\s*q\s*=/i.test(param)) q = 0;
    }
    weights.set(coding, Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0);
  }
  let best: ContentCoding | null = null;
  let bestQ = 0;
  for (const coding of available) {
    const q = weights.get(coding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  return best;
}

/** Adds `Accept-Encoding` to `Vary` (once): the body depends on it, so shared caches must key on it. */
export function varyOnAcceptEncoding(headers: Headers): void {
  const current = headers.get('Vary');
  if (!current) {
    headers.set('Vary', 'Accept-Encoding');
    return;
  }
  if (current.trim() === '*' || current.split(',').some((v) => v.trim().toLowerCase() === 'accept-encoding')) return;
  headers.set('Vary', `${current}, Accept-Encoding`);
}
