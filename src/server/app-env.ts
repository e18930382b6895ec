import type { Logger } from './logger';
import type { Principal } from './http/principal';

/** Per-request values every Runwatch handler can read with `c.get(...)`. */
export interface AppEnv {
  Variables: {
    /** Runwatch's id for this request; also sent as `X-Request-Id`. */
    requestId: string;
    /** Set by the authorization step; null only on `public` routes. */
    principal: Principal | null;
    /** Logger carrying this request's id. */
    log: Logger;
  };
}
