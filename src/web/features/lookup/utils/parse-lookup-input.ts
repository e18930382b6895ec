import { extractLookupId, isValidId } from '../../../../contract/ids';

export type LookupTarget =
  | { kind: 'run'; id: string }
  | { kind: 'request'; id: string }
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string };

/** Longest text we look at; a pasted e-mail thread is fine, a pasted log file is not. */
const MAX_INPUT_LENGTH = 4000;

export const ACCEPTED_FORMATS_HINT =
  'Paste a run ID (trun_…), a request ID (req_…), or a link or message that contains one.';

/**
 * Turns whatever a person pasted into something to look up. The id is validated against the
 * contract's allow-list before any request is made, and an id that runs on past the allowed
 * length is rejected rather than silently cut short.
 */
export function parseLookupInput(raw: string): LookupTarget {
  const text = raw.trim();
  if (text === '') return { kind: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) {
    return { kind: 'invalid', message: `That is too much text to search (over ${MAX_INPUT_LENGTH} characters). ${ACCEPTED_FORMATS_HINT}` };
  }
  const found = extractLookupId(text);
  if (!found) {
    return { kind: 'invalid', message: `No run ID or request ID found. ${ACCEPTED_FORMATS_HINT}` };
  }
  const start = text.indexOf(found.id);
  const nextChar = text.charAt(start + found.id.length);
  if (/[A-Za-z0-9_-]/.test(nextChar) || !isValidId(found.kind, found.id)) {
    return { kind: 'invalid', message: `That ${found.kind === 'run' ? 'run' : 'request'} ID is longer than any valid ID. Check that it was copied completely and correctly.` };
  }
  return found;
}
