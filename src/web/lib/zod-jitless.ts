// The core entry only, so the initial bundle does not pull in the whole schema library.
import { config } from 'zod/v4/core';

/**
 * Zod compiles fast parsers with `new Function` when it may. The CSP (`script-src 'self'`, no
 * `unsafe-eval`) forbids that, and even Zod's feature probe is reported as a CSP violation, so
 * the SPA turns compilation off. This module must be imported before any schema is defined.
 */
config({ jitless: true });
