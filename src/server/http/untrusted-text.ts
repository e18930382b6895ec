import { REDACTED, redactString } from '../logger';

/**
 * Text that came from the upstream (error messages, codes, fields) is passed on to viewers only
 * through here: an upstream may echo the request it got, bearer key included. On top of the
 * logger's key patterns this removes bearer/basic credentials, key prefixes glued to other text
 * (`%20sk_live_…`), and long opaque tokens, which no message a person needs to read contains.
 */

/** Idempotent: a credential already replaced is left alone, so text may pass through here twice. */
const BEARER_SHAPED = /\b(bearer|basic)(\s+|%20|\+)(?!\[redacted\])[^\s"',;)}\]]+/gi;
const KEY_PREFIX_ANYWHERE = /(sk_(live|test)_|whsec_)[A-Za-z0-9_+/=-]*/g;
/** 40+ characters of token alphabet with at least one digit and one letter: a key, hash or signature. */
const LONG_TOKEN = /[A-Za-z0-9_+/=.-]{40,}/g;

const MAX_DEPTH = 8;
const MAX_ITEMS = 100;

/** One string with every key-, bearer- or token-shaped part replaced by `[redacted]`. */
export function redactUntrustedText(value: string): string {
  return redactString(value)
    .replace(BEARER_SHAPED, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEY_PREFIX_ANYWHERE, REDACTED)
    .replace(LONG_TOKEN, (token) => (/[0-9]/.test(token) && /[A-Za-z]/.test(token) ? REDACTED : token));
}

/**
 * A copy of a JSON-like value with every string (keys included) passed through
 * `redactUntrustedText`. Objects come back without a prototype, so an upstream key such as
 * `__proto__` stays plain data; depth and list length are bounded.
 */
export function redactUntrusted(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUntrustedText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redactUntrusted(item, depth + 1));
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).slice(0, MAX_ITEMS)) {
    out[redactUntrustedText(key)] = redactUntrusted((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
