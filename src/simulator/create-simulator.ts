import { Hono } from 'hono';
import type { DriftKind } from './drift/drift-kinds';
import { DriftSettings } from './drift/drift-settings';
import { ScenarioEngine } from './engine/scenario-engine';
import { SimClock } from './engine/sim-clock';
import { UrlSigner } from './files/url-signer';
import { controlRoutes } from './http/control-routes';
import { errorBody } from './http/error-envelope';
import { fileRoutes } from './http/file-routes';
import { newRequestId } from './http/request-id';
import type { SimulatorContext, SimulatorEnv } from './http/simulator-context';
import { runDrifts } from './http/event-routes';
import { v2Routes } from './http/v2-routes';
import { ScreenshotStore } from './png/screenshot-store';
import { startLiveDemo } from './seed/live-demo';
import { seedDemoRuns } from './seed/demo-seed';
import { FaultInjector } from './traffic/fault-injector';
import { IdempotencyStore } from './traffic/idempotency-store';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './traffic/rate-limiter';
import { RequestLog } from './traffic/request-log';
import { cryptoRandom } from './engine/random';
import { DeliveryFaults } from './webhooks/delivery-faults';
import { EventDestinations } from './webhooks/event-destinations';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, WebhookDispatcher } from './webhooks/webhook-dispatcher';
import type { WebhookTargets } from './webhooks/webhook-targets';

export interface SimulatorOptions {
  apiKey: string;
  /** Simulated clock factor; 1 = real time, 0 = moves only via /__sim/clock/advance. Default 1. */
  speed?: number;
  /** Seed ~30 demo runs and keep a few live runs cycling. */
  seedDemo?: boolean;
  cancelSpelling?: 'canceling' | 'cancelling';
  /** Default 200 requests per rolling 10 s; false disables. */
  rateLimit?: RateLimit | false;
  /** Origin used in signed URLs (e.g. http://127.0.0.1:4010); defaults to the request's origin. */
  publicBaseUrl?: string;
  /** Lifetime of signed file URLs in simulated ms. Default 15 minutes. */
  signedUrlTtlMs?: number;
  /**
   * Messy but contract-valid shapes for every run: `true` = the default set (see drift/drift-kinds.ts),
   * a list = exactly those. Default off; drift scenarios drift whatever this says.
   */
  drift?: boolean | readonly DriftKind[];
  /** Missing values in event `data` as `""` (default true); switchable at run time in `/__sim/settings`. */
  eventEmptyStrings?: boolean;
  /** Hosts webhooks may be delivered to: `loopback` (default) or `any`. */
  webhookTargets?: WebhookTargets;
  /** How long a webhook receiver has to answer, in real ms. Default 5 s, as upstream. */
  webhookTimeoutMs?: number;
}

export interface Simulator {
  /** Serves `/v2/*`, signed file URLs under `/files/*` and the controls under `/__sim/*`. */
  app: Hono<SimulatorEnv>;
  engine: ScenarioEngine;
  /** Changes the origin used in signed URLs (startSimulator sets it once the port is known). */
  setPublicBaseUrl(origin: string): void;
  /** Drifts switched on for every run right now. */
  driftKinds(): DriftKind[];
  /** Stops timers and releases requests held by the `hang` fault. */
  dispose(): void;
}

/** How often real timers move the simulation forward even when nobody is asking. */
const TICK_INTERVAL_MS = 250;

export function createSimulator(options: SimulatorOptions): Simulator {
  if (!options.apiKey) throw new Error('createSimulator needs an apiKey');
  const clock = new SimClock(options.speed ?? 1);
  const engine = new ScenarioEngine(clock, { cancelSpelling: options.cancelSpelling ?? 'canceling', eventEmptyStrings: options.eventEmptyStrings ?? true });
  const webhooks = { destinations: new EventDestinations(cryptoRandom()), faults: new DeliveryFaults(), targets: options.webhookTargets ?? 'loopback' };
  const sim: SimulatorContext = {
    apiKey: options.apiKey,
    engine,
    drift: new DriftSettings(options.drift ?? false),
    signer: new UrlSigner(() => clock.now(), options.signedUrlTtlMs ?? 15 * 60_000),
    screenshots: new ScreenshotStore(),
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    requestLog: new RequestLog(),
    idempotency: new IdempotencyStore(),
    publicBaseUrl: { value: options.publicBaseUrl?.replace(/\/+$/, '') },
    hangingRequests: new Set(),
    webhooks,
  };

  const app = new Hono<SimulatorEnv>();
  app.route('/__sim', controlRoutes(sim));
  app.route('/files', fileRoutes(sim));
  app.route('/v2', v2Routes(sim));
  app.notFound((c) => c.json(errorBody({ type: 'request', code: 'not_found', message: 'No such endpoint.' }, newRequestId()), 404));
  app.onError((error, c) => {
    console.error('simulator: unhandled error', error);
    return c.json(errorBody({ type: 'api', code: 'api_error', message: 'An internal error occurred.' }, newRequestId()), 500);
  });

  const stopDemo = options.seedDemo ? (seedDemoRuns(engine), startLiveDemo(engine)) : () => {};
  const timer = setInterval(() => engine.tick(), TICK_INTERVAL_MS);
  timer.unref();
  const dispatcher = new WebhookDispatcher({
    clock,
    events: engine.events,
    ...webhooks,
    emptyStrings: () => engine.settings.eventEmptyStrings,
    driftFor: (runId) => runDrifts(sim, runId),
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
  });
  dispatcher.start();

  return {
    app,
    engine,
    driftKinds: () => sim.drift.enabled(),
    setPublicBaseUrl: (origin) => {
      sim.publicBaseUrl.value = origin.replace(/\/+$/, '');
    },
    dispose: () => {
      clearInterval(timer);
      dispatcher.stop();
      stopDemo();
      for (const release of [...sim.hangingRequests]) release();
    },
  };
}
