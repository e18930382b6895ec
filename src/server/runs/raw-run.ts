import { VAULTED_FIELD_KEYS, type UpstreamJsonObject } from '@/contract/upstream';
import { redactUntrustedText } from '../http/untrusted-text';
import { isContainer } from './json-depth';

/**
 * The upstream's JSON for a run as support may see it: exactly as sent, except every signed URL
 * replaced, values of vaulted input fields removed, and key-, bearer- or token-shaped strings
 * redacted (the same rules as upstream text in error bodies).
 *
 * Walked with an explicit stack, never recursion: the raw view is where a run nested too deep to
 * show ends up, so it must copy any depth. Copies are prototype-less objects, so an upstream key
 * such as `__proto__` stays plain data.
 */

export const SIGNED_URL_REMOVED = '[signed URL removed]';
export const VAULTED_VALUE_REMOVED = '[vaulted value removed]';

/** An absolute http(s) link with a query string: the shape of a pre-signed link. */
const SIGNED_URL_SHAPED = /^https?:\/\/[^\s]*\?/i;

export function redactRawRun(wire: UpstreamJsonObject): Record<string, unknown> {
  const vaulted = vaultedNames(wire);
  const root = Object.create(null) as Record<string, unknown>;
  const stack: Array<{ from: object; to: Record<string, unknown> | unknown[]; path: string }> = [{ from: wire, to: root, path: '' }];
  while (stack.length > 0) {
    const { from, to, path } = stack.pop()!;
    const entries: Array<[string, unknown]> = Array.isArray(from) ? from.map((v, i) => [String(i), v]) : Object.entries(from);
    for (const [key, value] of entries) {
      const childPath = Array.isArray(from) ? `${path}[]` : `${path}.${key}`;
      let copy: unknown;
      if (path === '.input' && vaulted.has(key)) copy = VAULTED_VALUE_REMOVED;
      else if (typeof value === 'string') copy = key === 'url' || SIGNED_URL_SHAPED.test(value) ? SIGNED_URL_REMOVED : redactUntrustedText(value);
      else if (isContainer(value)) {
        copy = Array.isArray(value) ? [] : Object.create(null);
        stack.push({ from: value, to: copy as Record<string, unknown> | unknown[], path: childPath });
      } else copy = value;
      if (Array.isArray(to)) to.push(copy);
      else to[redactUntrustedText(key)] = copy;
    }
  }
  return root;
}

function vaultedNames(wire: UpstreamJsonObject): Set<string> {
  const names = new Set<string>();
  for (const key of VAULTED_FIELD_KEYS) {
    const list = wire[key];
    if (Array.isArray(list)) for (const name of list) if (typeof name === 'string') names.add(name);
  }
  return names;
}
