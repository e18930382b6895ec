import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { submitInteractionBodySchema, type InteractionView, type RunResponse, type RunView } from '../../contract/bff';
import type { AppEnv } from '../app-env';
import type { AuditAction, AuditEntryInput, AuditOutcome, AuditSink } from '../audit/audit-entry';
import { ApiHttpError } from '../http/api-error';
import { peerAddress } from '../http/client-address';
import { idParam, queryParams, readJsonBody } from '../http/request-input';
import { apiErrorFromUpstream } from '../http/upstream-failure';
import type { RunReader } from '../runs/run-reader';
import type { UpstreamClient } from '../upstream/upstream-client';
import { UpstreamError } from '../upstream/upstream-error';
import type { RouteSpec } from './route-table';

/**
 * Acting on a run: answering its interaction and canceling it. Each is sent upstream once (with an
 * Idempotency-Key, never retried blindly), audited with who/what/outcome — never the answer values —
 * and ends the cache window of the run so every viewer sees the effect on their next poll.
 */
export function runActionRoutes(deps: {
  reader: RunReader;
  upstream: UpstreamClient;
  audit: AuditSink;
  /** Who to attribute an action to behind a trusted proxy; the TCP peer otherwise. */
  clientAddress?: (c: Context) => string | null;
}): RouteSpec[] {
  const { reader, upstream, audit } = deps;
  const addressOf = (c: Context) => deps.clientAddress?.(c) ?? peerAddress(c);
  return [
    {
      method: 'POST',
      path: '/api/runs/:runId/interaction',
      policy: 'operator',
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        const body = await readJsonBody(c, submitInteractionBodySchema);
        const record = auditor(c, audit, addressOf(c), 'interaction.submitted', runId);

        // The answer is checked against what the run asks for right now, not what a page once showed.
        const current = await reader.readRun(runId, [], { fresh: true }).catch((error: unknown) => {
          const mapped = apiErrorFromUpstream(error, 'run');
          record(outcomeOf(error), { detail: codeOf(mapped), upstreamRequestId: upstreamIdOf(error) });
          throw mapped;
        });
        if (current.source === 'stale') {
          const mapped = apiErrorFromUpstream(current.staleBecause, 'run');
          record('failed', { detail: codeOf(mapped), upstreamRequestId: upstreamIdOf(current.staleBecause) });
          throw mapped;
        }
        const interaction = current.value.view.status === 'interaction_required' ? current.value.view.interaction : null;
        if (!interaction) {
          record('rejected', { detail: 'not_waiting_for_input' });
          throw new ApiHttpError('not_waiting_for_input', 'the run is not waiting for input', {
            details: { status: current.value.view.status },
          });
        }
        const problems = checkAnswer(interaction, body.input);
        if (problems) {
          record('rejected', { detail: `${interaction.type}: invalid_interaction` });
          throw new ApiHttpError('invalid_interaction', 'the answer does not match the fields the run asks for', { details: problems });
        }

        try {
          const reply = await upstream.submitInteraction(runId, body.input, idempotencyKey());
          const view = reader.acceptActionResult(reply.data, reply.upstreamRequestId);
          record('accepted', { detail: interaction.type, upstreamRequestId: reply.upstreamRequestId });
          return c.json(actionResponse(view));
        } catch (error) {
          reader.noteFailure(runId, error);
          reader.forget(runId);
          const mapped = apiErrorFromUpstream(error, 'interaction');
          record(outcomeOf(error), { detail: `${interaction.type}: ${codeOf(mapped)}`, upstreamRequestId: upstreamIdOf(error) });
          throw mapped;
        }
      },
    },
    {
      method: 'POST',
      path: '/api/runs/:runId/cancel',
      policy: 'operator',
      handler: async (c) => {
        const runId = idParam(c, 'runId', 'run');
        queryParams(c, []);
        await readJsonBody(c, z.object({}).strict(), { allowEmpty: true });
        const record = auditor(c, audit, addressOf(c), 'run.canceled', runId);
        try {
          const reply = await upstream.cancelRun(runId, idempotencyKey());
          const view = reader.acceptActionResult(reply.data, reply.upstreamRequestId);
          record('accepted', { detail: view.upstreamStatus, upstreamRequestId: reply.upstreamRequestId });
          return c.json(actionResponse(view));
        } catch (error) {
          reader.noteFailure(runId, error);
          reader.forget(runId);
          const mapped = apiErrorFromUpstream(error, 'cancel');
          record(outcomeOf(error), { detail: codeOf(mapped), upstreamRequestId: upstreamIdOf(error) });
          throw mapped;
        }
      },
    },
  ];
}

function idempotencyKey(): string {
  return `rw-${randomUUID()}`;
}

function actionResponse(view: RunView): RunResponse {
  return { run: view, freshness: { stale: false, fetchedAt: new Date().toISOString(), ageSeconds: 0 } };
}

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

/** A refusal by the upstream is `rejected`; anything else (outage, timeout) is `failed`. */
function outcomeOf(error: unknown): AuditOutcome {
  return error instanceof UpstreamError && (error.kind === 'rejected' || error.kind === 'not_found') ? 'rejected' : 'failed';
}

function codeOf(error: unknown): string {
  return error instanceof ApiHttpError ? error.code : 'internal_error';
}

function upstreamIdOf(error: unknown): string | null {
  return error instanceof UpstreamError ? error.upstreamRequestId : null;
}

function auditor(c: Context<AppEnv>, audit: AuditSink, address: string | null, action: AuditAction, runId: string) {
  const principal = c.get('principal');
  return (outcome: AuditOutcome, extra: Pick<AuditEntryInput, 'detail' | 'upstreamRequestId'>) => {
    try {
      audit.record({
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
