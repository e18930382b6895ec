import type { Context } from 'hono';
import { z } from 'zod';
import { API_ERROR, type ApiErrorCode } from '@/contract/api-errors';
import { submitInteractionBodySchema, type InteractionView, type RunActionResponse, type RunView } from '@/contract/bff';
import { ROLE } from '@/contract/roles';
import { ActionFollowUp } from '../actions/action-follow-up';
import { answerFingerprint, answerIdempotencyKey, cancelIdempotencyKey } from '../actions/action-keys';
import { ActionOnce } from '../actions/action-once';
import type { AppEnv } from '../app-env';
import type { AuditAction, AuditEntryInput, AuditOutcome, AuditSink } from '../audit/audit-entry';
import { ApiHttpError } from '../http/api-error';
import { peerAddress } from '../http/client-address';
import { freshness } from '../http/freshness';
import { idParam, queryParams, readJsonBody } from '../http/request-input';
import { apiErrorFromUpstream, type UpstreamCallContext } from '../http/upstream-failure';
import { silentLogger, type Logger } from '../logger';
import type { RunReader } from '../runs/run-reader';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import type { RouteSpec } from '../http/route-table';
import { runViewForResponse } from '../runs/run-output-bytes';

/**
 * Acting on a run: answering its interaction and canceling it. Each action reaches the upstream
 * once: its Idempotency-Key is derived from the run (and the prompt answered), a request for an
 * action already in flight or done joins it instead of sending again, and writes are never
 * retried blindly. Any 2xx is "accepted", whatever its body; the run is then read again for the
 * response. Every action is audited with who/what/outcome — never the answer values — and the
 * audit entry is settled once the run shows how the action ended (see ActionFollowUp).
 */
export function runActionRoutes(deps: {
  reader: RunReader;
  upstream: UpstreamClient;
  audit: AuditSink;
  /** Who to attribute an action to behind a trusted proxy; the TCP peer otherwise. */
  clientAddress?: (c: Context) => string | null;
  /** For the follow-up reads that settle audit outcomes (they have no request of their own). */
  log?: Logger;
  /** Tuning of those follow-up reads. */
  followUp?: { intervalMs?: number; maxWatchMs?: number };
  /** Aborted at shutdown: stops the follow-up reads (their timers) before the stores close. */
  signal?: AbortSignal;
}): RouteSpec[] {
  const { reader, upstream, audit } = deps;
  const addressOf = (c: Context) => deps.clientAddress?.(c) ?? peerAddress(c);
  const answers = new ActionOnce<Accepted>();
  const cancels = new ActionOnce<Accepted>();
  const followUp = new ActionFollowUp({
    audit,
    log: deps.log ?? silentLogger,
    ...deps.followUp,
    readRun: async (runId) => {
      try {
        const read = await reader.readRun(runId, []);
        return read.source === 'stale' ? null : read.value.view;
      } catch (error) {
        if (error instanceof UpstreamError && error.kind !== 'not_found') return null;
        throw error;
      }
    },
  });
  deps.signal?.addEventListener('abort', () => followUp.close(), { once: true });

  /**
   * The run after an accepted action, for the response; `run: null` when it cannot be read now
   * (the action still stands; the page reads the run itself).
   */
  async function afterAction(c: Context<AppEnv>, runId: string, first: boolean): Promise<RunActionResponse> {
    try {
      // The first request reads past every cached copy; one that joined it shares whatever is read.
      const read = await reader.readRun(runId, [], { fresh: first });
      if (read.source === 'stale') return { accepted: true, run: null, freshness: null };
      followUp.observe(read.value.view);
      return { accepted: true, run: runViewForResponse(read.value.view), freshness: freshness(c, read) };
    } catch (error) {
      c.get('log').warn('run could not be read after an accepted action', { runId, error });
      return { accepted: true, run: null, freshness: null };
    }
  }

  return [
    {
      method: 'POST',
      path: '/api/runs/:runId/interaction',
      policy: ROLE.operator,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const body = await readJsonBody(c, submitInteractionBodySchema);
        // Field names come from the upstream (`__proto__` included), so the answer is kept in a
        // prototype-less copy taken from the request as sent, every value checked by the schema above.
        body.input = ownEntries(JSON.parse(await c.req.text()) as { input: Record<string, string> });
        const record = auditor(c, audit, addressOf(c), 'interaction.submitted', runId);
        const key = answerIdempotencyKey(runId, body.promptId);

        const once = await answers.run(key, answerFingerprint(body.input), async (): Promise<Accepted> => {
          const interaction = await currentPrompt(runId, body.promptId, record);
          const problems = checkAnswer(interaction, body.input);
          if (problems) {
            return refuse(record, API_ERROR.invalid_interaction, 'the answer does not match the fields the run asks for', problems, interaction.type);
          }
          try {
            const reply = await upstream.submitInteraction(runId, body.input, key);
            reader.forget(runId);
            await record('accepted', { detail: interaction.type, upstreamRequestId: reply.upstreamRequestId });
            followUp.watch({
              action: 'interaction.submitted',
              runId,
              requestId: c.get('requestId'),
              promptId: body.promptId,
              promptType: interaction.type,
            });
            return { upstreamRequestId: reply.upstreamRequestId };
          } catch (error) {
            return sendFailed(runId, error, 'interaction', record, interaction.type);
          }
        });

        if (once.kind === 'conflict') {
          return refuse(record, API_ERROR.interaction_conflict, 'this prompt has already been answered with a different answer', {
            reason: 'already_answered',
          });
        }
        if (once.kind !== 'first') {
          // The first request's audit entry stands for the one answer; a repeat adds none.
          c.get('log').info('answer to this prompt already sent; not sent again', { runId, how: once.kind });
        }
        return c.json(await afterAction(c, runId, once.kind === 'first'));
      },
    },
    {
      method: 'POST',
      path: '/api/runs/:runId/cancel',
      policy: ROLE.operator,
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        await readJsonBody(c, z.object({}).strict(), { allowEmpty: true });
        const record = auditor(c, audit, addressOf(c), 'run.canceled', runId);
        const key = cancelIdempotencyKey(runId);

        const once = await cancels.run(key, 'cancel', async (): Promise<Accepted> => {
          try {
            const reply = await upstream.cancelRun(runId, key);
            reader.forget(runId);
            // `requested` until the run is seen canceled (the follow-up settles it).
            await record('requested', { detail: 'cancel requested', upstreamRequestId: reply.upstreamRequestId });
            followUp.watch({ action: 'run.canceled', runId, requestId: c.get('requestId') });
            return { upstreamRequestId: reply.upstreamRequestId };
          } catch (error) {
            return sendFailed(runId, error, 'cancel', record);
          }
        });

        // One fingerprint for every cancel of a run: a conflict cannot happen.
        if (once.kind !== 'first') c.get('log').info('cancel of this run already sent; not sent again', { runId, how: once.kind });
        return c.json(await afterAction(c, runId, once.kind === 'first'));
      },
    },
  ];

  /**
   * The prompt the run waits on right now, read past the cache: the answer is checked against it,
   * not against what a page once showed. Refusals are audited before they are thrown.
   */
  async function currentPrompt(runId: string, promptId: string, record: Recorder): Promise<InteractionView> {
    const current = await reader.readRun(runId, [], { fresh: true }).catch((error: unknown) => fail(record, error, 'run'));
    // A stale copy is no ground to answer on: the read failed, whatever kept the copy.
    if (current.source === 'stale') return fail(record, current.staleBecause, 'run', { outcome: 'failed' });
    const view: RunView = current.value.view;
    // A fresh prompt here may settle an earlier answer as rejected.
    followUp.observe(view);
    const interaction = view.status === 'interaction_required' ? view.interaction : null;
    if (!interaction) {
      return refuse(record, API_ERROR.not_waiting_for_input, 'the run is not waiting for input', { status: view.status ?? view.upstreamStatus });
    }
    if (interaction.promptId !== promptId) {
      return refuse(
        record,
        API_ERROR.interaction_conflict,
        'the run is waiting on a different prompt now; read it again before answering',
        { reason: 'prompt_changed' },
        interaction.type,
      );
    }
    return interaction;
  }

  /** The upstream did not take an action: the run is read afresh next time, and the failure is audited and thrown. */
  async function sendFailed(runId: string, error: unknown, context: UpstreamCallContext, record: Recorder, promptType?: string): Promise<never> {
    reader.noteFailure(runId, error);
    reader.forget(runId);
    return fail(record, error, context, { promptType });
  }
}

/**
 * Every way an action fails ends here: the upstream failure becomes its `/api` error, the audit
 * entry names that code (after the prompt type, for an answer), and the error is thrown.
 */
async function fail(
  record: Recorder,
  error: unknown,
  context: UpstreamCallContext,
  options: { outcome?: AuditOutcome; promptType?: string } = {},
): Promise<never> {
  const mapped = apiErrorFromUpstream(error, context);
  await record(options.outcome ?? outcomeOf(error), { detail: auditDetail(codeOf(mapped), options.promptType), upstreamRequestId: upstreamIdOf(error) });
  throw mapped;
}

/** Runwatch itself refuses an action: audited as `rejected` with its code, then thrown. */
async function refuse(record: Recorder, code: ApiErrorCode, message: string, details: unknown, promptType?: string): Promise<never> {
  await record('rejected', { detail: auditDetail(code, promptType) });
  throw new ApiHttpError(code, message, { details });
}

function auditDetail(code: string, promptType: string | undefined): string {
  return promptType === undefined ? code : `${promptType}: ${code}`;
}

/** The answer's fields as own properties of an object without a prototype. */
function ownEntries(body: { input: Record<string, string> }): Record<string, string> {
  const input = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(body.input)) input[name] = body.input[name]!;
  return input;
}

/** What the first request of an accepted action hands to any request that joins or repeats it. */
interface Accepted {
  upstreamRequestId: string | null;
}

type Recorder = ReturnType<typeof auditor>;

/** Every field answered (non-blank), nothing extra, choices from the offered options. Names only, never values. */
export function checkAnswer(
  interaction: InteractionView,
  input: Record<string, string>,
): { missing: string[]; unexpected: string[]; notAnOption: string[] } | null {
  const names = new Set(interaction.fields.map((f) => f.name));
  const missing = interaction.fields.filter((f) => !Object.hasOwn(input, f.name) || input[f.name]!.trim() === '').map((f) => f.name);
  const unexpected = Object.keys(input)
    .filter((key) => !names.has(key))
    .map((key) => key.slice(0, 64));
  const notAnOption = interaction.fields
    .filter((f) => f.options && Object.hasOwn(input, f.name) && input[f.name]!.trim() !== '' && !f.options.some((o) => o.value === input[f.name]))
    .map((f) => f.name);
  return missing.length || unexpected.length || notAnOption.length ? { missing, unexpected, notAnOption } : null;
}

/** A refusal by the upstream (of the request, the organization or the source) is `rejected`; anything else (outage, timeout, key) is `failed`. */
function outcomeOf(error: unknown): AuditOutcome {
  if (!(error instanceof UpstreamError)) return 'failed';
  return ['rejected', 'not_found', 'organization_blocked', 'source_blocked'].includes(error.kind) ? 'rejected' : 'failed';
}

function codeOf(error: unknown): string {
  return error instanceof ApiHttpError ? error.code : API_ERROR.internal_error;
}

function upstreamIdOf(error: unknown): string | null {
  return error instanceof UpstreamError ? error.upstreamRequestId : null;
}

function auditor(c: Context<AppEnv>, audit: AuditSink, address: string | null, action: AuditAction, runId: string) {
  const principal = c.get('principal');
  // Awaited by the handlers: an action is answered only once its audit entry is stored.
  return async (outcome: AuditOutcome, extra: Pick<AuditEntryInput, 'detail' | 'upstreamRequestId'>): Promise<void> => {
    try {
      await audit.record({
        action,
        outcome,
        actor: principal?.name ?? null,
        actorRole: principal?.role ?? null,
        runId,
        address,
        requestId: c.get('requestId'),
        ...extra,
      });
    } catch (error) {
      // The sink must not throw; if one does, the action's own outcome still stands.
      c.get('log').error('audit sink failed', { action, error });
    }
  };
}
