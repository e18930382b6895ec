import { Hono } from 'hono';
import { unreadableListItem } from '../drift/drift-run-body';
import { sendWire } from '../drift/raw-json';
import type { RunRecord } from '../engine/run-record';
import { invalidParameter, notFound, sendError } from './error-envelope';
import { paginate, readPageRequest, type PageRequest } from './pagination';
import { queryList } from './query-values';
import { readRunFilters } from './run-filters';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import { wireOptions } from './wire-context';
import { screenshotFileName } from './file-urls';
import { wireScreenshot, wireStorageItem, wireTaskRun, type RunSection } from './wire-objects';

/** include=… values; the middle revision's `screenshots` means today's `artifacts`. */
const INCLUDE_ALIASES: Record<string, RunSection> = { input: 'input', storage: 'storage', artifacts: 'artifacts', screenshots: 'artifacts' };

function newestFirst(a: RunRecord, b: RunRecord): number {
  return b.createdAt - a.createdAt || b.sequence - a.sequence;
}

export function taskRunReadRoutes(sim: SimulatorContext): Hono<SimulatorEnv> {
  const routes = new Hono<SimulatorEnv>();

  routes.get('/', (c) => {
    const filters = readRunFilters(c);
    if (!filters.ok) return invalidParameter(c, filters.field, filters.message);
    const pageRequest = readPageRequest(c);
    if (!pageRequest.ok) return pageError(c, pageRequest);
    const runs = sim.engine.listRuns().filter(filters.filter);
    const page = paginate(runs, pageRequest, { idOf: (run) => run.id, findAnchor: (id) => sim.engine.getRun(id), compare: newestFirst });
    if (!page) return cursorInvalid(c);
    const options = wireOptions(sim, c);
    const data = page.data.map((run) => {
      const body = wireTaskRun(run, options);
      return sim.drift.forRun(run).has('unreadable_list_item') ? unreadableListItem(body, run) : body;
    });
    return sendWire(c, { data, has_more: page.has_more, next_cursor: page.next_cursor, request_id: options.requestId });
  });

  routes.get('/:runId', (c) => {
    const run = sim.engine.getRun(c.req.param('runId'));
    if (!run) return notFound(c, 'task_run_not_found');
    const include = new Set<RunSection>();
    for (const value of queryList(c, 'include')) {
      const section = INCLUDE_ALIASES[value];
      if (section) include.add(section);
    }
    return sendWire(c, wireTaskRun(run, wireOptions(sim, c, include)));
  });

  routes.get('/:runId/storage', (c) => {
    const run = sim.engine.getRun(c.req.param('runId'));
    if (!run) return notFound(c, 'task_run_not_found');
    const pageRequest = readPageRequest(c);
    if (!pageRequest.ok) return pageError(c, pageRequest);
    const order = (item: { createdAt: number; id: string }) => run.storage.findIndex((candidate) => candidate.id === item.id);
    const page = paginate(run.storage, pageRequest, {
      idOf: (item) => item.id,
      findAnchor: (id) => run.storage.find((item) => item.id === id),
      compare: (a, b) => order(a) - order(b),
    });
    if (!page) return cursorInvalid(c);
    const options = wireOptions(sim, c);
    const drift = options.drift && { ...options.drift, run };
    return c.json({
      data: page.data.map((item) => wireStorageItem(item, options.urls, drift)),
      has_more: page.has_more,
      next_cursor: page.next_cursor,
      request_id: options.requestId,
    });
  });

  routes.get('/:runId/screenshots', (c) => {
    const run = sim.engine.getRun(c.req.param('runId'));
    if (!run) return notFound(c, 'task_run_not_found');
    const pageRequest = readPageRequest(c);
    if (!pageRequest.ok) return pageError(c, pageRequest);
    // An upstream that sends a run's sections empty has no screenshots to list either.
    const shots = sim.drift.forRun(run).has('null_sections') ? [] : run.screenshots;
    const page = paginate(shots, pageRequest, {
      idOf: (shot) => screenshotFileName(run.id, shot.index),
      findAnchor: (id) => run.screenshots.find((shot) => screenshotFileName(run.id, shot.index) === id),
      compare: (a, b) => a.index - b.index,
    });
    if (!page) return cursorInvalid(c);
    const options = wireOptions(sim, c);
    return c.json({
      data: page.data.map((shot) => wireScreenshot(run, shot, options.urls, options.drift)),
      has_more: page.has_more,
      next_cursor: page.next_cursor,
      request_id: options.requestId,
    });
  });

  return routes;
}

export function pageError(c: Parameters<typeof invalidParameter>[0], error: Extract<PageRequest, { ok: false }>): Response {
  return sendError(c, 400, { type: 'request', code: error.code, message: error.message, field: error.field });
}

export function cursorInvalid(c: Parameters<typeof invalidParameter>[0]): Response {
  return sendError(c, 400, { type: 'request', code: 'cursor_invalid', message: 'The pagination cursor is invalid or expired.', field: 'cursor' });
}
