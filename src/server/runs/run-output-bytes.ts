import type { RunView } from '@/contract/bff';
import { isEncryptedPayload } from '@/contract/encrypted-payload';

/**
 * Outputs larger than this leave the run response and are served on their own
 * (`GET /api/runs/:id/output`). Parsing 256 kB of JSON takes a few milliseconds even on a slow
 * phone, less than a second request's round trip, so smaller outputs stay inline; past it the
 * parse of the whole response grows towards a long main-thread task (a 5 MB output takes hundreds
 * of milliseconds on a busy machine), which the page avoids by parsing the output in a worker.
 */
export const OUTPUT_INLINE_MAX_BYTES = 256 * 1024;

/** Why the output is not in the response; the only reason so far. */
export const OUTPUT_OMITTED_TOO_LARGE = 'too_large';

/*
 * A run's cached copy keeps the same parsed output for its whole window: its text is made once per
 * copy (keyed by the output value, or the view for a scalar output) and shared by the run
 * response's size check and the output route; the response's view is made once per view.
 */
const outputTexts = new WeakMap<object, string>();
/**
 * A view shown as it is maps to AS_IS, not to itself: V8's young-generation collector keeps a
 * WeakMap value alive while it runs, so a value that is its own key kept every view (and all it
 * holds) alive into the old generation, to be freed only by a full collection.
 */
const AS_IS = Symbol('as is');
const responseViews = new WeakMap<RunView, RunView | typeof AS_IS>();

/** The output's JSON text, or null when the run has none (yet). */
export function outputJsonOf(view: RunView): string | null {
  const { output } = view;
  if (output === null || output === undefined) return null;
  const owner = outputOwnerOf(view);
  let text = outputTexts.get(owner);
  if (text === undefined) {
    text = JSON.stringify(output);
    outputTexts.set(owner, text);
  }
  return text;
}

/** The object a run's output bytes belong to: shared responses made from it are kept while it lives. */
export function outputOwnerOf(view: RunView): object {
  return typeof view.output === 'object' && view.output !== null ? view.output : view;
}

/**
 * The run as a run response (or an action's answer) carries it: a large output left out
 * (`output: null`) and marked with its size, so the page fetches it apart; otherwise the same view.
 */
export function runViewForResponse(view: RunView): RunView {
  // An encrypted output is one opaque string (cheap to parse, shown as a notice, never as a tree): it
  // stays inline, so the page and the ticket can tell it is encrypted.
  if (isEncryptedPayload(view.output)) return view;
  const known = responseViews.get(view);
  if (known !== undefined) return known === AS_IS ? view : known;
  const text = outputJsonOf(view);
  const bytes = text === null ? 0 : Buffer.byteLength(text);
  if (bytes <= OUTPUT_INLINE_MAX_BYTES) {
    responseViews.set(view, AS_IS);
    return view;
  }
  const shown: RunView = { ...view, output: null, outputOmitted: { bytes, reason: OUTPUT_OMITTED_TOO_LARGE } };
  responseViews.set(view, shown);
  return shown;
}
