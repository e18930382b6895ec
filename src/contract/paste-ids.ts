import { ID_PREFIXES, isValidId } from './ids';

/**
 * Reading ids out of whatever a customer pasted into a ticket: bare ids, Runwatch links, upstream
 * dashboard or API URLs (URL-encoded too), ids in quotes or angle brackets, with punctuation after
 * them. Server and SPA share it so both agree on what a paste holds. Only ids that pass the
 * allow-list come out; nothing else of the text (a signed URL's key, a password) is ever returned.
 */

/** The kinds of id a paste can be looked up by. */
export const PASTE_ID_KINDS = ['run', 'request', 'task', 'source', 'agent', 'credential', 'session'] as const;
export type PasteIdKind = (typeof PASTE_ID_KINDS)[number];

export interface PastedId {
  kind: PasteIdKind;
  id: string;
}

export type PasteParse =
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string }
  | {
      kind: 'ids';
      ids: PastedId[];
      /** More distinct ids than MAX_LOOKUP_IDS were found; the first ones are kept. */
      truncated: boolean;
      /** Id-shaped fragments that were left out, described without repeating them. */
      problems: string[];
    };

/** Longest paste read: an e-mail thread fits, a log file does not. */
export const MAX_PASTE_LENGTH = 20_000;
/** Most ids looked up at once. */
export const MAX_LOOKUP_IDS = 25;
/** Longest id the allow-list accepts (the longest prefix plus 96 characters). */
const MAX_ID_LENGTH = Math.max(...PASTE_ID_KINDS.map((kind) => ID_PREFIXES[kind].length)) + 96;

export const ACCEPTED_IDS_HINT =
  'Paste a run ID (trun_…), a request ID (req_…), a task, source, agent, credential or session ID (task_…, src_…, agt_…, cred_…, sess_…), or a link or message that contains them.';

const KIND_BY_PREFIX = new Map<string, PasteIdKind>(PASTE_ID_KINDS.map((kind) => [ID_PREFIXES[kind].slice(0, -1), kind]));

/**
 * An id starts where no id character comes before it (so `sk_live_req_x` is no request id) and
 * runs as long as id characters follow, so a too-long id is seen whole and refused, never cut short.
 */
const ID_SCAN = new RegExp(`(?<![A-Za-z0-9_-])(${[...KIND_BY_PREFIX.keys()].join('|')})_[A-Za-z0-9_-]+`, 'g');

/**
 * Words that share a prefix with ids: field names (`task_id`, `source_id`) and error codes
 * (`task_not_found`, `task_run_not_found`). Generated ids are never a snake_case phrase of
 * lowercase words, nor one of these field words.
 */
const WORD_BODY = /^(?:[a-z]+(?:_[a-z]+)+|id|ids|run|runs|type|name|url|status)$/;

/** C0/C1 controls, zero-width characters and bidirectional overrides: they hide or reorder text. */
// eslint-disable-next-line no-control-regex
const INVISIBLES = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Cyrillic and Greek letters that look like Latin ones. A paste is also scanned with these read as
 * Latin, so `trun_9Qm2Lх7Pa4` (a Cyrillic х) is refused as a look-alike rather than cut short at it.
 */
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  к: 'k',
  т: 't',
  ı: 'i',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
  Υ: 'Y',
};
const LOOKALIKE_SCAN = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'g');

/** Undoes URL encoding of ASCII (twice, for links encoded inside links); other escapes stay as they are. */
function decodePercents(text: string): string {
  let decoded = text;
  for (let pass = 0; pass < 2; pass += 1) {
    const next = decoded.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === decoded) break;
    decoded = next;
  }
  return decoded;
}

/** The ids in a paste, in the order they first appear, each once. */
export function parsePastedIds(raw: string): PasteParse {
  if (raw.length > MAX_PASTE_LENGTH) {
    return {
      kind: 'invalid',
      message: `That is too much text to search (over ${MAX_PASTE_LENGTH.toLocaleString('en')} characters). Paste only the part with the IDs.`,
    };
  }
  // Fullwidth letters and similar compatibility forms become plain ASCII; look-alikes of other scripts are caught below.
  const text = decodePercents(raw.normalize('NFKC').replace(INVISIBLES, ' ')).trim();
  if (text === '') return { kind: 'empty' };
  // One UTF-16 unit for one, so positions in the skeleton are positions in the text.
  const skeleton = text.replace(LOOKALIKE_SCAN, (letter) => LOOKALIKES[letter] ?? letter);

  const seen = new Set<string>();
  const ids: PastedId[] = [];
  let truncated = false;
  let tooLong = 0;
  let lookalike = 0;
  for (const match of skeleton.matchAll(ID_SCAN)) {
    if (text.slice(match.index, match.index + match[0].length) !== match[0]) {
      lookalike += 1;
      continue;
    }
    const kind = KIND_BY_PREFIX.get(match[1]!)!;
    // A trailing `-` or `_` is punctuation in prose ("see trun_abc--thanks"), never how an id ends in practice.
    const id = match[0].replace(/[-_]+$/, '');
    if (id.length > MAX_ID_LENGTH) {
      tooLong += 1;
      continue;
    }
    if (WORD_BODY.test(id.slice(match[1]!.length + 1)) || !isValidId(kind, id) || seen.has(id)) continue;
    if (ids.length === MAX_LOOKUP_IDS) {
      truncated = true;
      break;
    }
    seen.add(id);
    ids.push({ kind, id });
  }
  const problems: string[] = [];
  if (tooLong > 0) {
    problems.push(
      `${tooLong === 1 ? 'One ID is' : `${tooLong} IDs are`} longer than any valid ID and left out. Check that ${tooLong === 1 ? 'it was' : 'they were'} copied completely and correctly.`,
    );
  }
  if (lookalike > 0) {
    problems.push(
      `${lookalike === 1 ? 'One ID contains' : `${lookalike} IDs contain`} letters of another alphabet that only look like Latin ones, and ${lookalike === 1 ? 'was' : 'were'} left out. Ask for the ID to be copied again, not retyped.`,
    );
  }
  if (ids.length === 0) {
    return {
      kind: 'invalid',
      message: problems.length > 0 ? `${problems.join(' ')} ${ACCEPTED_IDS_HINT}` : `No run ID or request ID found, nor any other ID. ${ACCEPTED_IDS_HINT}`,
    };
  }
  return { kind: 'ids', ids, truncated, problems };
}

/** The canonical form of a set of ids (for a link or the recent list): the ids alone, space separated. */
export function pastedIdsQuery(ids: readonly PastedId[]): string {
  return ids.map((entry) => entry.id).join(' ');
}

/** The kind an id belongs to, or null when it is no id one can look up. */
export function pasteIdKind(id: string): PasteIdKind | null {
  return PASTE_ID_KINDS.find((kind) => isValidId(kind, id)) ?? null;
}
