import type { Context } from 'hono';
import type { SimulatorContext } from '../http/simulator-context';
import type { WireErrorItem } from '../scenarios/scenario-types';
import { driftErrorItem } from './drift-error-items';
import type { DriftKind } from './drift-kinds';

const RUN_PATH = /^\/v2\/task-runs\/([^/]+)/;
const STORAGE_PATH = /^\/v2\/storage\/([^/]+)/;
/** Requests an organization or source block applies to; key checks and events stay reachable. */
const BLOCKABLE_PATH = /^\/v2\/(task-runs|storage|tasks)(\/|$)/;

const FORBIDDEN_ORGANIZATION: WireErrorItem = {
  type: 'organization',
  code: 'plan_entitlement_missing',
  message: "Your organization's plan does not include access to this task's runs. Contact your account owner to upgrade.",
};
const FORBIDDEN_SOURCE: WireErrorItem = {
  type: 'source',
  code: 'source_blocked',
  message: 'The source of this task run is blocked for your organization.',
};

/** The drifts for one `/v2` request: those of the run it names, else those on for all runs. */
export function driftForRequest(sim: SimulatorContext, pathname: string): ReadonlySet<DriftKind> {
  const runId = RUN_PATH.exec(pathname)?.[1] ?? sim.engine.getStorage(STORAGE_PATH.exec(pathname)?.[1] ?? '')?.runId;
  const run = runId === undefined ? undefined : sim.engine.getRun(runId);
  return run ? sim.drift.forRun(run) : sim.drift.globalKinds();
}

/** The 403 a blocked organization or source answers with, or null. */
export function forbiddenByDrift(kinds: ReadonlySet<DriftKind>, pathname: string): WireErrorItem | null {
  if (!BLOCKABLE_PATH.test(pathname)) return null;
  if (kinds.has('forbidden_organization')) return FORBIDDEN_ORGANIZATION;
  if (kinds.has('forbidden_source')) return FORBIDDEN_SOURCE;
  return null;
}

/** Rewrites the error items of an error answer (JSON envelope) as the drifts ask. */
export async function driftErrorAnswer(c: Context, response: Response, kinds: ReadonlySet<DriftKind>, apiKey: string): Promise<Response> {
  if (response.status < 400 || kinds.size === 0 || !response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.clone().json()) as { errors?: unknown };
  if (!Array.isArray(body.errors)) return response;
  const errors = body.errors.map((item: Record<string, unknown>) => driftErrorItem(item, kinds, apiKey));
  return c.json({ ...body, errors }, response.status as 400);
}
