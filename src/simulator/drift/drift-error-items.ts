import type { DriftKind } from './drift-kinds';

type Item = Record<string, unknown>;

/** An error of a type and code no catalogue lists; sent as an extra item by `unknown_error_codes`. */
export const UNCATALOGUED_ERROR: Readonly<Item> = {
  type: 'compliance',
  code: 'policy_hold_expired',
  message: 'A compliance hold on this account expired before the run could finish.',
};

/** One error item (of a run or of an error answer) as the switched-on drifts send it. */
export function driftErrorItem(item: Item, kinds: ReadonlySet<DriftKind>, apiKey: string): Item {
  const out: Item = { ...item };
  if (kinds.has('error_without_code')) delete out.code;
  if (kinds.has('error_without_type')) delete out.type;
  if (kinds.has('null_optionals')) {
    // key_echo keeps the message, which is what it echoes into.
    if (!kinds.has('key_echo')) out.message = null;
    out.field ??= null;
  }
  if (kinds.has('key_echo')) out.message = `${typeof item.message === 'string' ? item.message : 'Request failed.'} (request authorized with Bearer ${apiKey})`;
  if (kinds.has('empty_strings') && (out.field === null || out.field === undefined)) out.field = '';
  if (kinds.has('extra_fields')) {
    out.docs_url = `https://docs.example.invalid/errors/${typeof item.code === 'string' ? item.code : 'unknown'}`;
    out.retryable = false;
  }
  return out;
}

/** A run's `errors` value under drift: `[]` for none, drifted items, and the uncatalogued extra. */
export function driftRunErrors(errors: Item[] | null, kinds: ReadonlySet<DriftKind>, apiKey: string): Item[] | null {
  if (errors === null) return kinds.has('empty_errors') ? [] : null;
  const items = errors.map((item) => driftErrorItem(item, kinds, apiKey));
  if (kinds.has('unknown_error_codes')) items.push(kinds.has('extra_fields') ? { ...UNCATALOGUED_ERROR, severity: 'high' } : { ...UNCATALOGUED_ERROR });
  return items;
}
