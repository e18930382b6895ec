import { z } from 'zod/mini';
import { runResultSchema, runStatusSchema } from './bff';
import { LOOKUP_ID_MAX_LENGTH } from './limits';
import { MAX_LOOKUP_IDS, PASTE_ID_KINDS } from './paste-ids';

/**
 * `POST /api/lookup/resolve` and `GET /api/lookup/recent`: what Runwatch knows of each id a person
 * pasted, and the pastes they looked up lately. Written with Zod Mini like bff.ts, for the SPA.
 */

export const lookupIdKindSchema = z.enum(PASTE_ID_KINDS);

/** The recent list the lookups of a person are kept in. */
export const LOOKUP_RECENT_LIST = 'lookups';

/** `POST /api/lookup/resolve` body: the ids the SPA found in a paste (never the paste itself). */
export const lookupResolveRequestSchema = z.object({
  ids: z.array(z.string().check(z.maxLength(LOOKUP_ID_MAX_LENGTH))).check(z.minLength(1), z.maxLength(MAX_LOOKUP_IDS)),
});
export type LookupResolveRequest = z.infer<typeof lookupResolveRequestSchema>;

/** What a lookup says of one run. */
export const lookupRunSchema = z.object({
  runId: z.string(),
  /** null: a status Runwatch does not know; `upstreamStatus` has it as sent. */
  status: z.nullable(runStatusSchema),
  upstreamStatus: z.string(),
  result: z.nullable(runResultSchema),
  taskId: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LookupRun = z.infer<typeof lookupRunSchema>;

/**
 * How an answer was found: `run_index` the runs Runwatch follows; `upstream` one read of the run;
 * `runwatch` a request Runwatch made itself; `event_log` a request the upstream's event log names.
 */
export const lookupSourceSchema = z.enum(['run_index', 'upstream', 'runwatch', 'event_log']);

/**
 * One id's answer.
 * - `found`: a run (its own for a run or request id), or for a task, source, agent or credential
 *   the number of runs Runwatch knows of with it and the newest of them.
 * - `unknown`: Runwatch knows nothing of this id.
 * - `unchecked`: a run id not in the index and not read now (the upstream read budget of one
 *   lookup is spent); opening it reads it.
 * - `unavailable`: the upstream could not be asked just now.
 */
export const lookupAnswerSchema = z.object({
  id: z.string(),
  kind: lookupIdKindSchema,
  outcome: z.enum(['found', 'unknown', 'unchecked', 'unavailable']),
  source: z.nullable(lookupSourceSchema),
  /** The run this id leads to: itself, a request's run, or the newest run of a task, source, agent or credential. */
  runId: z.nullable(z.string()),
  /** That run's status and times, when Runwatch holds them. */
  run: z.nullable(lookupRunSchema),
  /** Runs with this task, source, agent or credential in the index; null for the other kinds. */
  runCount: z.nullable(z.number()),
  /** For a request id: when Runwatch saw it, or the time of the event naming it. */
  observedAt: z.nullable(z.string()),
});
export type LookupAnswer = z.infer<typeof lookupAnswerSchema>;

export const lookupResolveResponseSchema = z.object({ answers: z.array(lookupAnswerSchema) });
export type LookupResolveResponse = z.infer<typeof lookupResolveResponseSchema>;

/** `GET /api/lookup/recent`: the person's last lookups, newest first, each the ids it held. */
export const lookupRecentResponseSchema = z.object({
  entries: z.array(z.object({ ids: z.array(z.string()), at: z.string() })),
});
export type LookupRecentResponse = z.infer<typeof lookupRecentResponseSchema>;

/** Upstream reads one lookup may spend on run ids the index does not know. */
export const MAX_UPSTREAM_READS_PER_LOOKUP = 3;
