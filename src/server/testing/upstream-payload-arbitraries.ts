import fc from 'fast-check';

/**
 * Test support: generators of upstream task runs written from the contract's own looser rules
 * (docs/upstream-contract.md: its objects and open points), deliberately NOT from the schemas
 * Runwatch reads with, so a property test built on them can catch the reader being too strict.
 *
 * Every generated run is documented-valid: it has the fields the contract always gives (id,
 * status, timestamps) and uses for everything else one of the forms some revision documents:
 * absent vs null, `[]` vs null, `""` for a missing string (events), both cancel spellings,
 * `pending`, statuses and error codes/types a later revision may add, errors without code or type,
 * fields the contract does not name, `enc_` payloads, `include=screenshots` as a top-level array,
 * any of the three vaulted-field key names, and the middle revision's `workflow_id`/`canceled_at`.
 */

const KNOWN_STATUSES = ['queued', 'running', 'interaction_required', 'review_required', 'canceling', 'canceled', 'completed', 'failed'];
/** Spellings of other revisions that Runwatch maps to a known status. */
const OLDER_STATUSES = ['cancelling', 'pending'];
const ERROR_TYPES = [
  'api',
  'idempotency',
  'session',
  'connection',
  'rate_limit',
  'source',
  'request',
  'auth',
  'interaction',
  'task',
  'storage',
  'organization',
];
const ERROR_CODES = [
  'api_error',
  'timeout',
  'blocked',
  'source_error',
  'auth_invalid',
  'interaction_timeout',
  'mfa_timeout',
  'input_missing',
  'session_limit_exceeded',
];

/** Key names a run object uses; extra fields are generated under other names only. */
const RUN_KEYS = new Set([
  'id',
  'object',
  'status',
  'result',
  'task_id',
  'credential_id',
  'session_id',
  'agent_id',
  'source_id',
  'runtime_ms',
  'output',
  'errors',
  'interaction',
  'created_at',
  'updated_at',
  'request_id',
  'input',
  'vaulted_fields',
  'tokenized_fields',
  'vaulted_input_fields',
  'storage',
  'artifacts',
  'screenshots',
  'workflow_id',
  'canceled_at',
]);

/** A field as it goes into a payload: left out, or given as `value` (required fields are always present). */
type Maybe<T> = { present: false } | { present: true; value: T };

const maybe = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<Maybe<T>> =>
  fc.oneof(
    fc.constant({ present: false } as const),
    value.map((v) => ({ present: true, value: v }) as const),
  );

/** Absent, `null`, `""` (events' spelling of missing) or a value. */
const absentable = (value: fc.Arbitrary<string>) => maybe(fc.oneof(fc.constant(null), fc.constant(''), value));
const nullable = <T>(value: fc.Arbitrary<T>) => maybe(fc.oneof(fc.constant(null), value));

const idOf = (prefix: string) => fc.stringMatching(/^[A-Za-z0-9]{4,16}$/).map((s) => `${prefix}${s}`);
const isoTime = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const text = fc.string({ maxLength: 60 });
const smallJson = fc.jsonValue({ maxDepth: 3 });
const encrypted = fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/).map((s) => `enc_${s}`);
const signedUrl = fc.stringMatching(/^[a-z0-9]{4,12}$/).map((s) => `https://files.example.invalid/${s}?sig=${s}&expires=1772445680`);

/** Names other than the run's own, with a few that are object keys elsewhere. */
const extraKey = fc
  .oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'new_field', 'details'), fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/))
  .filter((key) => !RUN_KEYS.has(key));
const extraFields = fc.array(fc.tuple(extraKey, smallJson), { maxLength: 3 });

function assemble(entries: Array<[string, Maybe<unknown>]>, extras: Array<[string, unknown]> = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // defineProperty: a key such as `__proto__` must become a plain key of the payload.
  const put = (key: string, value: unknown) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, value] of extras) put(key, value);
  for (const [key, value] of entries) if (value.present) put(key, value.value);
  return out;
}

const errorItem = fc
  .record({
    type: maybe(fc.oneof(fc.constant(null), fc.constantFrom(...ERROR_TYPES), fc.stringMatching(/^[a-z_]{1,20}$/))),
    code: maybe(fc.oneof(fc.constant(null), fc.constantFrom(...ERROR_CODES), fc.stringMatching(/^[a-z_]{1,30}$/))),
    message: maybe(fc.oneof(fc.constant(null), text)),
    field: nullable(text),
    extras: extraFields.map((list) => list.filter(([key]) => !['type', 'code', 'message', 'field'].includes(key))),
  })
  .map(({ extras, ...fields }) => assemble(Object.entries(fields), extras));

const interactionField = fc
  .record({
    name: fc
      .oneof(fc.constantFrom('code', 'answer', 'account_id', '__proto__', 'constructor'), fc.string({ minLength: 1, maxLength: 20 }))
      .map((v) => ({ present: true, value: v }) as const),
    type: nullable(fc.constantFrom('string', 'number', 'password')),
    label: nullable(text),
  })
  .map((fields) => assemble(Object.entries(fields)));

const interaction = fc
  .record({
    type: fc
      .oneof(fc.constantFrom('mfa', 'security_question', 'account_selection'), fc.stringMatching(/^[a-z_]{1,20}$/))
      .map((v) => ({ present: true, value: v }) as const),
    message: nullable(text),
    fields: nullable(fc.array(interactionField, { maxLength: 3 })),
    extras: extraFields,
  })
  .map(({ extras, ...fields }) =>
    assemble(
      Object.entries(fields),
      extras.filter(([key]) => !['type', 'message', 'fields'].includes(key)),
    ),
  );

const storageItem = fc
  .record({
    id: idOf('stor_').map((v) => ({ present: true, value: v }) as const),
    object: maybe(fc.constant('storage')),
    file_name: text.map((v) => ({ present: true, value: v }) as const),
    file_type: nullable(fc.constantFrom('application/pdf', 'text/csv', 'image/png')),
    file_size: nullable(fc.nat()),
    created_at: nullable(isoTime),
    url: nullable(signedUrl),
    extraction: nullable(smallJson),
  })
  .map((fields) => assemble(Object.entries(fields)));

const screenshot = fc
  .record({
    file_name: text.map((v) => ({ present: true, value: v }) as const),
    file_type: nullable(fc.constantFrom('image/png', 'image/jpeg', 'application/octet-stream')),
    file_size: nullable(fc.nat()),
    created_at: nullable(isoTime),
    url: nullable(signedUrl),
    reasoning: nullable(text),
  })
  .map((fields) => assemble(Object.entries(fields)));

const screenshotList = nullable(fc.array(screenshot, { maxLength: 4 }));

/** The sections `include=…` asks for, in the newest revision's or the middle revision's shape. */
const sections = fc.record({
  input: maybe(fc.oneof(fc.constant(null), fc.constant(''), smallJson, encrypted)),
  vaultedKey: fc.constantFrom('vaulted_fields', 'tokenized_fields', 'vaulted_input_fields'),
  vaulted: nullable(fc.array(fc.stringMatching(/^[a-z_]{1,12}$/), { maxLength: 3 })),
  storage: nullable(fc.array(storageItem, { maxLength: 3 })),
  screenshotsAt: fc.constantFrom('artifacts', 'top-level'),
  artifacts: nullable(fc.record({ screenshots: screenshotList }).map((fields) => assemble(Object.entries(fields)))),
  topLevelScreenshots: screenshotList,
});

export interface GeneratedRun {
  payload: Record<string, unknown>;
  /** Whether the status is one Runwatch should recognise (a known one or an older spelling). */
  knownStatus: boolean;
}

/** A documented-valid task run. */
export function taskRunPayload(): fc.Arbitrary<GeneratedRun> {
  return fc
    .record({
      id: idOf('trun_'),
      status: fc.oneof(
        fc.constantFrom(...KNOWN_STATUSES).map((s) => ({ s, known: true })),
        fc.constantFrom(...OLDER_STATUSES).map((s) => ({ s, known: true })),
        fc
          .stringMatching(/^[a-z_]{1,24}$/)
          .filter((s) => !KNOWN_STATUSES.includes(s) && !OLDER_STATUSES.includes(s))
          .map((s) => ({ s, known: false })),
      ),
      object: maybe(fc.constant('task_run')),
      result: nullable(fc.constantFrom('success', 'failure', 'unknown')),
      task_id: absentable(idOf('task_')),
      credential_id: absentable(idOf('cred_')),
      session_id: absentable(idOf('sess_')),
      agent_id: absentable(idOf('agt_')),
      source_id: absentable(idOf('src_')),
      workflow_id: absentable(idOf('wflo_')),
      canceled_at: absentable(isoTime),
      request_id: nullable(idOf('req_')),
      runtime_ms: nullable(fc.oneof(fc.constant(0), fc.nat())),
      output: maybe(fc.oneof(fc.constant(null), smallJson, encrypted)),
      errors: nullable(fc.array(errorItem, { maxLength: 4 })),
      interaction: nullable(interaction),
      created_at: isoTime,
      updated_at: isoTime,
      sections: maybe(sections),
      extras: extraFields,
    })
    .map(({ id, status, sections: included, extras, created_at, updated_at, ...fields }) => {
      const entries: Array<[string, Maybe<unknown>]> = [
        ['id', { present: true, value: id }],
        ['status', { present: true, value: status.s }],
        ['created_at', { present: true, value: created_at }],
        ['updated_at', { present: true, value: updated_at }],
        ...Object.entries(fields),
      ];
      if (included.present) {
        const s = included.value;
        entries.push(['input', s.input], [s.vaultedKey, s.vaulted], ['storage', s.storage]);
        if (s.screenshotsAt === 'artifacts') entries.push(['artifacts', s.artifacts]);
        else entries.push(['screenshots', s.topLevelScreenshots]);
      }
      return { payload: assemble(entries, extras), knownStatus: status.known };
    });
}

/** Items the reader cannot be expected to read: not a run at all, or without the fields every run has. */
export const unreadableRunItem: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 'trun_text', 42, true, [] as unknown[]),
  fc.record({ id: idOf('trun_'), status: fc.constant('running') }),
  fc.record({ id: idOf('trun_'), status: fc.nat(), created_at: isoTime, updated_at: isoTime }),
  fc.record({ status: fc.constant('running'), created_at: isoTime, updated_at: isoTime }),
);
