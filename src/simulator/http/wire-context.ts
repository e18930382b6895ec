import type { Context } from 'hono';
import { fileUrls } from './file-urls';
import type { SimulatorContext, SimulatorEnv } from './simulator-context';
import type { RunSection, WireOptions } from './wire-objects';

/** Public origin for signed URLs: the configured one, else the origin the request came in on. */
export function publicOrigin(sim: SimulatorContext, c: Context<SimulatorEnv>): string {
  return sim.publicBaseUrl.value ?? new URL(c.req.url).origin;
}

/** Shapes for `/v2` answers, drift included; `clean` leaves drift out (the simulator's own controls). */
export function wireOptions(sim: SimulatorContext, c: Context<SimulatorEnv>, include?: ReadonlySet<RunSection>, { clean = false } = {}): WireOptions {
  return {
    ...(clean ? {} : { drift: { settings: sim.drift, apiKey: sim.apiKey } }),
    now: sim.engine.clock.now(),
    requestId: c.get('requestId'),
    spelling: sim.engine.settings.cancelSpelling,
    fieldOptions: sim.engine.settings.fieldOptions,
    urls: fileUrls(sim.signer, publicOrigin(sim, c)),
    ...(include ? { include } : {}),
  };
}
