/**
 * Loopback ports for the e2e server and its embedded simulator. Fixed so specs can reach the
 * simulator's control endpoints; override with RUNWATCH_E2E_PORT when those ports are taken.
 */
export const E2E_PORT = Number(process.env.RUNWATCH_E2E_PORT ?? 4391);
export const E2E_SIMULATOR_PORT = E2E_PORT + 1;
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_SIMULATOR_ORIGIN = `http://127.0.0.1:${E2E_SIMULATOR_PORT}`;
/** Where the e2e server posts its outgoing alerts; the signals spec listens there. */
export const E2E_ALERT_RECEIVER_PORT = E2E_PORT + 1000;
export const E2E_ALERT_WEBHOOK_SECRET = 'whsec_ZTJlLWFsZXJ0cy1zaWduaW5nLWtleQ==';
