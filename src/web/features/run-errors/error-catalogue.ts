import type { RunError } from '@/contract/bff';
import type { ErrorGroup } from '@/contract/error-groups';
import { errorGroup } from '@/contract/error-groups';

/**
 * The one place that explains run errors to people. Entries are keyed `type/code` as the contract
 * lists them (docs/upstream-contract.md, Errors and groups); a code not listed here falls back to its type, then to a generic
 * text, so a new upstream code still gets a sensible explanation. Error items come as the upstream
 * sent them: `type` or `code` may be missing, and the explanation says so instead of guessing.
 */
export interface ErrorExplanation {
  /** Short phrase that completes "Failed after 4 m — …". */
  headline: string;
  /** What happened, in plain words. */
  explanation: string;
  /** What the reader can do about it. */
  nextStep: string;
  /** Whether running the task again, unchanged, has a fair chance of working. */
  retryable: boolean;
}

const CODES: Record<string, ErrorExplanation> = {
  'api/api_error': {
    headline: 'the upstream platform had an internal failure',
    explanation: 'The Task Run API failed internally while running this task. Nothing about the input or the website caused it.',
    nextStep: 'Run the task again. If it keeps failing, send the run id to the upstream’s support.',
    retryable: true,
  },
  'api/timeout': {
    headline: 'the upstream platform timed out',
    explanation: 'The platform did not finish an internal step in time.',
    nextStep: 'Run the task again; if timeouts repeat, send the run id to the upstream’s support.',
    retryable: true,
  },
  'api/endpoint_deprecated': {
    headline: 'an upstream endpoint is deprecated',
    explanation: 'The upstream endpoint used for this call is scheduled for removal.',
    nextStep: 'Tell the Runwatch maintainers; the integration needs updating before the endpoint is removed.',
    retryable: false,
  },
  'idempotency/idempotency_error': {
    headline: 'an idempotency key was reused with different parameters',
    explanation: 'The run was started with an Idempotency-Key already used for a different request within the last 24 hours.',
    nextStep: 'Start the run again with a new idempotency key, or with exactly the original parameters.',
    retryable: false,
  },
  'idempotency/idempotency_key_error': {
    headline: 'the idempotency key was too long',
    explanation: 'Idempotency keys may be at most 256 characters long.',
    nextStep: 'Use a shorter idempotency key and start the run again.',
    retryable: false,
  },
  'session/timeout': {
    headline: 'no browser session could be started in time',
    explanation: 'The platform could not start a browser session (sandbox) for this run before its deadline.',
    nextStep: 'Run the task again, ideally when fewer runs are active at once.',
    retryable: true,
  },
  'connection/timeout': {
    headline: 'the connection to the website timed out',
    explanation: 'Older upstream revisions report session start-up problems as connection timeouts.',
    nextStep: 'Run the task again; if it repeats, check that the website is reachable.',
    retryable: true,
  },
  'connection/blocked': {
    headline: 'the website’s bot protection blocked the agent',
    explanation: 'The website’s anti-bot protection refused the automated browser.',
    nextStep: 'Wait before retrying; repeated attempts can prolong the block. Contact the upstream’s support if it persists.',
    retryable: true,
  },
  'rate_limit/rate_limit_exceeded': {
    headline: 'the organisation’s API rate limit was exceeded',
    explanation: 'More than 200 requests reached the Task Run API within 10 seconds across all of the organisation’s keys.',
    nextStep: 'Wait a few seconds and try again; spread out automated requests.',
    retryable: true,
  },
  'rate_limit/session_limit_exceeded': {
    headline: 'too many runs were active at once',
    explanation: 'The plan’s cap on simultaneous browser sessions was reached.',
    nextStep: 'Wait for other runs to finish, then run the task again, or raise the plan’s session limit.',
    retryable: true,
  },
  'source/source_error': {
    headline: 'the website failed',
    explanation: 'The target website returned an error or behaved unexpectedly while the agent used it.',
    nextStep: 'Check whether the website works in a normal browser, then run the task again.',
    retryable: true,
  },
  'source/source_invalid': {
    headline: 'the source id is malformed',
    explanation: 'The source id given for this run is not a valid id.',
    nextStep: 'Check the source id the run was started with and start it again with a valid one.',
    retryable: false,
  },
  'source/source_not_found': {
    headline: 'the source does not exist',
    explanation: 'No source with this id exists in the organisation; it may have been deleted.',
    nextStep: 'Pick an existing source and start the run again.',
    retryable: false,
  },
  'source/source_not_available': {
    headline: 'the website was down or unreachable',
    explanation: 'The target website could not be reached while the run was executing.',
    nextStep: 'Check whether the website is up, then run the task again later.',
    retryable: true,
  },
  'source/source_blocked': {
    headline: 'the source is blocklisted',
    explanation: 'The upstream does not allow runs against this website.',
    nextStep: 'Contact the upstream’s support if you believe the block is a mistake.',
    retryable: false,
  },
  'request/input_missing': {
    headline: 'a required input field was missing',
    explanation: 'The run’s input lacks a field the task requires.',
    nextStep: 'Start the run again with the named field filled in.',
    retryable: false,
  },
  'request/cursor_invalid': {
    headline: 'a pagination cursor was invalid or expired',
    explanation: 'A list request used a cursor that was malformed, expired or from another list.',
    nextStep: 'Reload the list from its first page.',
    retryable: true,
  },
  'request/api_key_invalid': {
    headline: 'the upstream API key was rejected',
    explanation: 'The key Runwatch uses for the Task Run API is missing, wrong or revoked.',
    nextStep: 'Ask a Runwatch administrator to check the configured upstream API key.',
    retryable: false,
  },
  'request/task_run_not_cancelable': {
    headline: 'the run could no longer be canceled',
    explanation: 'The run had already finished when the cancel request arrived.',
    nextStep: 'Nothing to do: the run has reached its final status.',
    retryable: false,
  },
  'auth/auth_invalid': {
    headline: 'the website rejected the stored credentials',
    explanation: 'The website refused the username, password or other credentials the run signed in with.',
    nextStep: 'Update the stored credential (check it by signing in to the website yourself), then run the task again.',
    retryable: false,
  },
  'interaction/interaction_timeout': {
    headline: 'nobody answered the website’s prompt in time',
    explanation: 'The website asked for input (such as a one-time code) and no answer arrived before the prompt expired. A run cannot resume after this.',
    nextStep: 'Start a new run and answer the prompt promptly; keep this page open to see it as soon as it appears.',
    retryable: true,
  },
  'interaction/mfa_timeout': {
    headline: 'the one-time code was not entered in time',
    explanation: 'The website asked for a one-time code and none arrived before the prompt expired.',
    nextStep: 'Start a new run and enter the code as soon as the prompt appears.',
    retryable: true,
  },
  'task/timeout': {
    headline: 'the run exceeded the task’s time limit',
    // Replaced by taskTimeoutExplanation(), which prefers the limit the upstream's message names.
    explanation: 'The run was stopped because it took longer than the task’s time limit.',
    nextStep: 'Look at the last screenshots to see where the agent got stuck; raise the task’s timeout if the work is simply long.',
    retryable: true,
  },
};

/** When a code is not in the table, its type still says a lot. */
const TYPES: Record<string, ErrorExplanation> = {
  api: {
    headline: 'the upstream platform failed',
    explanation: 'The Task Run API reported an internal problem.',
    nextStep: 'Run the task again; if it keeps failing, send the run id to the upstream’s support.',
    retryable: true,
  },
  session: {
    headline: 'the browser session failed',
    explanation: 'The platform’s browser session (sandbox) for this run failed.',
    nextStep: 'Run the task again.',
    retryable: true,
  },
  connection: {
    headline: 'the connection to the website failed',
    explanation: 'The platform could not keep a working connection to the website.',
    nextStep: 'Run the task again later.',
    retryable: true,
  },
  task: {
    headline: 'the task failed on the platform',
    explanation: 'The platform stopped the task.',
    nextStep: 'Look at the last screenshots and the task’s settings, then run it again.',
    retryable: true,
  },
  storage: {
    headline: 'capturing or reading a file failed',
    explanation: 'The platform could not store a file from the website or extract data from it.',
    nextStep: 'Run the task again; if it repeats, send the run id to the upstream’s support.',
    retryable: true,
  },
  idempotency: {
    headline: 'the idempotency key was refused',
    explanation: 'The request’s Idempotency-Key could not be used.',
    nextStep: 'Start the run again with a fresh idempotency key.',
    retryable: false,
  },
  rate_limit: {
    headline: 'a rate limit was hit',
    explanation: 'The organisation sent more requests or started more runs than its plan allows at once.',
    nextStep: 'Wait a little and try again.',
    retryable: true,
  },
  request: {
    headline: 'the request was not valid',
    explanation: 'The upstream refused the request as it was made.',
    nextStep: 'Check the run’s input and ids, fix what the message names, and start the run again.',
    retryable: false,
  },
  auth: {
    headline: 'signing in to the website failed',
    explanation: 'The website did not accept the sign-in.',
    nextStep: 'Check the stored credential by signing in to the website yourself, then run the task again.',
    retryable: false,
  },
  interaction: {
    headline: 'the website’s prompt could not be completed',
    explanation: 'The website asked for input during the run and it could not be completed.',
    nextStep: 'Start a new run and answer the prompt while it is open.',
    retryable: true,
  },
  organization: {
    headline: 'the organisation’s plan does not allow this',
    explanation: 'A plan, billing or entitlement limit blocked the run. Retrying will not help.',
    nextStep: 'Ask the account owner to check the organisation’s plan and billing with the upstream.',
    retryable: false,
  },
  source: {
    headline: 'the website failed',
    explanation: 'The target website caused the failure.',
    nextStep: 'Check the website in a normal browser, then run the task again.',
    retryable: true,
  },
};

const GENERIC: ErrorExplanation = {
  headline: 'an error Runwatch does not know yet occurred',
  explanation: 'The upstream reported an error that is not in Runwatch’s catalogue. Its message below is the best description available.',
  nextStep: 'Send the run id and the error code to the upstream’s support.',
  retryable: false,
};

export type ExplanationSource = 'code' | 'type' | 'generic';

export interface ExplainedError extends ErrorExplanation {
  group: ErrorGroup;
  /** How specific the explanation is, so the UI can say "explained by type" honestly. */
  source: ExplanationSource;
  /**
   * Said next to the explanation when it is less than exact: the code is unknown, no code or type
   * was given, or the type was inferred from the code. Null for an exact match.
   */
  caveat: string | null;
}

/** `task_not_found`, `source_not_found`… follow one pattern the upstream uses for unknown ids. */
function notFoundResource(code: string): string | null {
  const match = /^([a-z_]+)_not_found$/.exec(code);
  return match?.[1] ? match[1].replace(/_/g, ' ') : null;
}

const UNIT_WORDS: Array<[RegExp, string, string]> = [
  [/^(h|hrs?|hours?)$/i, 'hour', 'hours'],
  [/^(m|mins?|minutes?)$/i, 'minute', 'minutes'],
  [/^(s|secs?|seconds?)$/i, 'second', 'seconds'],
];

/**
 * The time limit a task-timeout message names ("…exceeded its 3 minute limit", "timeout of 180s"),
 * as "3 minutes"; null when the message names none. The upstream's own figure beats any default.
 */
export function timeLimitInMessage(message: string): string | null {
  const match = /(\d+(?:[.,]\d+)?)\s*-?\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/i.exec(message);
  if (!match) return null;
  const amount = match[1]!.replace(',', '.');
  const unit = UNIT_WORDS.find(([pattern]) => pattern.test(match[2]!));
  if (!unit) return null;
  return `${amount} ${Number(amount) === 1 ? unit[1] : unit[2]}`;
}

function taskTimeoutExplanation(message: string): string {
  const limit = timeLimitInMessage(message);
  if (limit) return `The run was stopped because it took longer than the task’s time limit of ${limit}, as the upstream’s message says.`;
  return 'The run was stopped because it took longer than the task’s time limit. The upstream did not name the limit; it is 30 minutes unless the task sets another.';
}

/** `type · code` as shown to people, with honest placeholders for what the upstream left out. */
export function codeLabel(error: Pick<RunError, 'code'>): string {
  return error.code?.trim() ? error.code : 'no code given';
}

export function typeLabel(error: Pick<RunError, 'type'>): string {
  return error.type?.trim() ? error.type : 'no type given';
}

/** The catalogue entries with this code, whatever their type (to place a type-less error). */
function entriesWithCode(code: string): Array<[string, ErrorExplanation]> {
  return Object.entries(CODES).filter(([key]) => key.slice(key.indexOf('/') + 1) === code);
}

function exact(type: string, code: string, message: string): ErrorExplanation | null {
  const entry = CODES[`${type}/${code}`];
  if (!entry) return null;
  return type === 'task' && code === 'timeout' ? { ...entry, explanation: taskTimeoutExplanation(message) } : entry;
}

export function explainError(error: Pick<RunError, 'type' | 'code' | 'message'>): ExplainedError {
  const type = error.type?.trim() || null;
  const code = error.code?.trim() || null;
  const message = error.message ?? '';

  if (type === null) {
    // No type: a code that means one thing across the catalogue still places the error.
    const matches = code ? entriesWithCode(code) : [];
    if (matches.length === 1) {
      const [key, entry] = matches[0]!;
      const inferredType = key.slice(0, key.indexOf('/'));
      return {
        ...(exact(inferredType, code!, message) ?? entry),
        group: errorGroup(inferredType),
        source: 'code',
        caveat: `The upstream gave no error type; explained by its code, which Runwatch knows as a ${inferredType} error.`,
      };
    }
    return {
      ...GENERIC,
      group: 'unknown',
      source: 'generic',
      caveat: code
        ? `The upstream gave no error type, and the code “${code}” alone does not say what happened.`
        : 'The upstream gave neither an error type nor a code; its message is all there is.',
    };
  }

  const group = errorGroup(type);
  if (code !== null) {
    const known = exact(type, code, message);
    if (known) return { ...known, group, source: 'code', caveat: null };
    const resource = type === 'request' ? notFoundResource(code) : null;
    if (resource) {
      return {
        headline: `the ${resource} was not found`,
        explanation: `The upstream has no ${resource} with the id this run referred to; it may have been deleted.`,
        nextStep: `Check the ${resource} id and start the run again with one that exists.`,
        retryable: false,
        group,
        source: 'code',
        caveat: null,
      };
    }
  }
  const byType = TYPES[type];
  const missing = code === null ? 'The upstream gave no error code' : `The code “${code}” is not in Runwatch’s catalogue`;
  if (byType) return { ...byType, group, source: 'type', caveat: `${missing}; explained by its type (${type}).` };
  return {
    ...GENERIC,
    group,
    source: 'generic',
    caveat: `${missing}, and neither is the type “${type}”.`,
  };
}

export const ERROR_GROUP_LABELS: Record<ErrorGroup, { label: string; meaning: string }> = {
  platform: { label: 'Platform', meaning: 'The upstream platform failed; counts against the task’s success rate.' },
  request: { label: 'Request', meaning: 'How the run was requested or answered caused it; not counted against the success rate.' },
  source: { label: 'Website', meaning: 'The target website caused it; not counted against the success rate.' },
  unknown: { label: 'Unclassified', meaning: 'The upstream did not say which group this error belongs to.' },
};
