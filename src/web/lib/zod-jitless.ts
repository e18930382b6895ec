// The core entry only, so the initial bundle does not pull in the whole schema library.
import { config } from 'zod/v4/core';

/**
 * Zod compiles fast parsers with `new Function` when it may. The CSP (`script-src 'self'`, no
 * `unsafe-eval`) forbids that, and even Zod's feature probe is reported as a CSP violation, so
 * the SPA turns compilation off. (The contract's response schemas use Zod Mini, which does not
 * compile; this keeps any classic-API schema from trying.) It must run before any schema is
 * defined: main.tsx imports it first, and the API client imports it ahead of the contract, which
 * keeps it ahead of the contract's schemas in the chunk that defines them.
 */
config({ jitless: true });
