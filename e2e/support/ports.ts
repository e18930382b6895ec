/** Fixed loopback ports for the e2e server and its embedded simulator. */
export const E2E_PORT = 4391;
export const E2E_SIMULATOR_PORT = 4392;
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_SIMULATOR_ORIGIN = `http://127.0.0.1:${E2E_SIMULATOR_PORT}`;
