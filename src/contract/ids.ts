/**
 * Allow-list patterns for the upstream ids Runwatch accepts. An id is checked against these before
 * it reaches any upstream URL, so nothing but letters, digits, `_` and `-` can ever be interpolated.
 */
export const ID_PREFIXES = {
  run: 'trun_',
  task: 'task_',
  agent: 'agt_',
  source: 'src_',
  credential: 'cred_',
  session: 'sess_',
  storage: 'stor_',
  event: 'evt_',
  request: 'req_',
  workflow: 'wflo_',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ID_BODY = '[A-Za-z0-9][A-Za-z0-9_-]{0,95}';

const patterns = Object.fromEntries(Object.entries(ID_PREFIXES).map(([kind, prefix]) => [kind, new RegExp(`^${prefix}${ID_BODY}$`)])) as Record<IdKind, RegExp>;

export function isValidId(kind: IdKind, value: string): boolean {
  return patterns[kind].test(value);
}

export function idPattern(kind: IdKind): RegExp {
  return patterns[kind];
}

/** Finds the first run or request id inside pasted text such as a link or a support message. */
export function extractLookupId(text: string): { kind: 'run' | 'request'; id: string } | null {
  const match = /\b(trun|req)_[A-Za-z0-9][A-Za-z0-9_-]{0,95}/.exec(text);
  if (!match) return null;
  return { kind: match[1] === 'trun' ? 'run' : 'request', id: match[0] };
}
