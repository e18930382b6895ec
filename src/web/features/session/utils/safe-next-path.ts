/**
 * Where to go after signing in. `next` comes from the address bar, so anyone can craft it: only a
 * path on this same origin is accepted (no `//host`, no `\`, no scheme, no control characters),
 * anything else falls back to the runs overview. That keeps the sign-in page from being an open
 * redirect.
 */
export const SIGN_IN_PATH = '/sign-in';

const PROBE_ORIGIN = 'https://runwatch.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || next.length > 2048) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  if ([...next].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return fallback;
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN) return fallback;
  // Going back to the sign-in page after signing in would be a loop.
  if (url.pathname === SIGN_IN_PATH) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/sign-in?next=<where the person was>`; no `next` for the start page. */
export function signInPathFor(location: { pathname: string; search?: string; hash?: string }): string {
  const here = `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`;
  const next = safeNextPath(here, '');
  return next && next !== '/' ? `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}` : SIGN_IN_PATH;
}
