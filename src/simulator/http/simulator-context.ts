import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DriftSettings } from '../drift/drift-settings';
import type { ScenarioEngine } from '../engine/scenario-engine';
import type { UrlSigner } from '../files/url-signer';
import type { ScreenshotStore } from '../png/screenshot-store';
import type { FaultInjector } from '../traffic/fault-injector';
import type { IdempotencyStore } from '../traffic/idempotency-store';
import type { RateLimiter } from '../traffic/rate-limiter';
import type { RequestLog } from '../traffic/request-log';
import type { DeliveryFaults } from '../webhooks/delivery-faults';
import type { EventDestinations } from '../webhooks/event-destinations';
import type { WebhookTargets } from '../webhooks/webhook-targets';

/** Everything the HTTP routes share. Built once per simulator by createSimulator. */
export interface SimulatorContext {
  apiKey: string;
  engine: ScenarioEngine;
  /** Messy but contract-valid shapes; off unless switched on. */
  drift: DriftSettings;
  signer: UrlSigner;
  screenshots: ScreenshotStore;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  requestLog: RequestLog;
  idempotency: IdempotencyStore;
  /** Origin used in signed URLs; when unset the request's own origin is used. */
  publicBaseUrl: { value: string | undefined };
  /** Event destinations, their deliveries, the armed delivery faults and where webhooks may go. */
  webhooks: { destinations: EventDestinations; faults: DeliveryFaults; targets: WebhookTargets };
  /** Resolvers of requests left hanging by the `hang` fault; released on dispose. */
  hangingRequests: Set<() => void>;
}

/** Hono environment: node-server passes the raw request/response; absent for in-process calls. */
export interface SimulatorEnv {
  Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse };
  Variables: { requestId: string };
}
