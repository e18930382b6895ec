import { redactUntrustedText } from '../http/untrusted-text';
import { isContainer } from '../runs/json-depth';

/**
 * What a run bundle does to every string it carries, keys included: a URL keeps its scheme, host
 * and path but loses its query string and fragment (where signatures and tokens live), and key-,
 * bearer- or token-shaped text is redacted as in every other upstream text Runwatch passes on.
 * A bundle ends up in tickets and mailboxes, so this is applied to the whole document, not only
 * to fields known to carry links.
 */

/** An http(s) URL anywhere in a text, up to whitespace or a quote/bracket; its query and fragment are cut. */
const URL_WITH_QUERY = /\b(https?:\/\/[^\s?#"'<>()[\]{}]*)[?#][^\s"'<>()[\]{}]*/gi;

export const QUERY_REMOVED = '?[query removed]';

export function scrubBundleText(value: string): string {
  return redactUntrustedText(value.replace(URL_WITH_QUERY, (_match, base: string) => `${base}${QUERY_REMOVED}`));
}

/**
 * A copy of a JSON value with every string and key scrubbed. Walked with an explicit stack so a
 * value of any depth is copied; copies are prototype-less objects so a key such as `__proto__`
 * stays plain data.
 */
export function scrubBundleValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubBundleText(value);
  if (!isContainer(value)) return value;
  const root: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : (Object.create(null) as Record<string, unknown>);
  const stack: Array<{ from: object; to: Record<string, unknown> | unknown[] }> = [{ from: value, to: root }];
  while (stack.length > 0) {
    const { from, to } = stack.pop()!;
    const entries: Array<[string, unknown]> = Array.isArray(from) ? from.map((v, i) => [String(i), v]) : Object.entries(from);
    for (const [key, child] of entries) {
      let copy: unknown;
      if (typeof child === 'string') copy = scrubBundleText(child);
      else if (isContainer(child)) {
        copy = Array.isArray(child) ? [] : Object.create(null);
        stack.push({ from: child, to: copy as Record<string, unknown> | unknown[] });
      } else copy = child;
      if (Array.isArray(to)) to.push(copy);
      else to[scrubBundleText(key)] = copy;
    }
  }
  return root;
}

/** The run's input without the vaulted fields' values (the upstream should have removed them; a bundle never relies on it). */
export function inputWithoutVaulted(input: unknown, vaultedFields: readonly string[]): unknown {
  if (!isContainer(input) || Array.isArray(input)) return input;
  const vaulted = new Set(vaultedFields);
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, child] of Object.entries(input)) if (!vaulted.has(key)) copy[key] = child;
  return copy;
}
