/** Search in the agent's reasoning: case-insensitive, the query taken literally (no patterns). */

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A matcher for the trimmed query, or null when there is nothing to look for. */
export function reasoningMatcher(query: string): RegExp | null {
  const trimmed = query.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return null;
  // Any run of whitespace in the text matches one space of the query (reasoning has line breaks).
  return new RegExp(trimmed.split(' ').map(escapeForPattern).join('\\s+'), 'giu');
}

/** 1-based positions of the shots whose reasoning contains the query, in order. */
export function findMatches(reasonings: readonly string[], query: string): number[] {
  const matcher = reasoningMatcher(query);
  if (!matcher) return [];
  const found: number[] = [];
  reasonings.forEach((text, index) => {
    matcher.lastIndex = 0;
    if (matcher.test(text)) found.push(index + 1);
  });
  return found;
}

/**
 * The match to jump to from `current`: the next one after it (`1`) or the one before it (`-1`),
 * wrapping around at either end; null when there are no matches.
 */
export function stepMatch(matches: readonly number[], current: number, direction: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (direction === 1) return matches.find((position) => position > current) ?? matches[0]!;
  for (let index = matches.length - 1; index >= 0; index -= 1) if (matches[index]! < current) return matches[index]!;
  return matches[matches.length - 1]!;
}

/** The first match at or after `current` (wrapping): where typing a query lands. */
export function firstMatchFrom(matches: readonly number[], current: number): number | null {
  if (matches.length === 0) return null;
  return matches.find((position) => position >= current) ?? matches[0]!;
}

/** The text split into plain and matching parts, for highlighting. */
export function splitByMatch(text: string, query: string): Array<{ text: string; match: boolean }> {
  const matcher = reasoningMatcher(query);
  if (!matcher) return [{ text, match: false }];
  const parts: Array<{ text: string; match: boolean }> = [];
  let last = 0;
  for (const found of text.matchAll(matcher)) {
    if (found[0] === '') continue;
    if (found.index > last) parts.push({ text: text.slice(last, found.index), match: false });
    parts.push({ text: found[0], match: true });
    last = found.index + found[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
