import type { Handler } from 'hono';
import type { AppEnv } from '../app-env';
import type { RoutePolicy } from './principal';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API route together with who may call it. Routes are only ever registered through this. */
export interface RouteSpec {
  method: RouteMethod;
  /** Hono path pattern, e.g. `/api/runs/:runId`. */
  path: string;
  policy: RoutePolicy;
  handler: Handler<AppEnv>;
}

/**
 * The list of every route Runwatch serves. `createApp` mounts each one behind the authorization
 * check for its policy, so a route cannot exist without a policy (default deny).
 */
export class RouteTable {
  readonly #routes: RouteSpec[] = [];

  add(spec: RouteSpec): this {
    this.#routes.push(spec);
    return this;
  }

  addAll(specs: Iterable<RouteSpec>): this {
    for (const spec of specs) this.add(spec);
    return this;
  }

  list(): readonly RouteSpec[] {
    return this.#routes;
  }
}
