import { simulatorRunSchema } from './contract-schemas';
import type { SimulatorTestClient } from './simulator-test-client';

/** Fetches a run, validates it against the contract and returns both the parsed and raw body. */
export async function readRun(sim: SimulatorTestClient, id: string, include?: string) {
  const query = include === undefined ? '' : `?include=${include}`;
  const { status, body, raw } = await sim.apiJson(`/task-runs/${id}${query}`, simulatorRunSchema);
  if (status !== 200) throw new Error(`GET run ${id} answered ${status}`);
  return { run: body, raw: raw as Record<string, unknown> };
}
