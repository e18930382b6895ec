import { test as base, expect, type APIRequestContext, type BrowserContextOptions } from '@playwright/test';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '../../src/contract/bff';
import { E2E_BASE_URL } from './ports';
import { E2E_ACCOUNTS, type E2eRole } from './test-accounts';

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

/** Headers of an unsafe same-origin call, as the SPA sends it (CSRF defence). */
export function spaHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: E2E_BASE_URL };
}

/** Signs in through the API and returns the cookies as a storage state. */
export async function signInState(request: APIRequestContext, role: E2eRole): Promise<StorageState> {
  const { name, password } = E2E_ACCOUNTS[role];
  const response = await request.post('/api/session', { headers: spaHeaders(), data: { name, password } });
  if (response.status() !== 200) throw new Error(`e2e sign-in as ${role} failed: HTTP ${response.status()} ${await response.text()}`);
  return request.storageState();
}

interface TestOptions {
  /**
   * Who the page is signed in as: `operator` unless a spec says otherwise with
   * `test.use({ signInAs: 'viewer' })`; `null` starts signed out.
   */
  signInAs: E2eRole | null;
}

interface WorkerFixtures {
  /** One signed-in session per role per worker, reused by every test in it. */
  sessionStates: Map<E2eRole, StorageState>;
}

/**
 * Every spec imports `test` and `expect` from here, so shared setup (signing in) lives in one place.
 * Sessions are made once per worker through the API and handed to each test as its storage state;
 * a test that signs out must use `signInAs: null` and sign in itself, or it would end the shared one.
 */
export const test = base.extend<TestOptions, WorkerFixtures>({
  signInAs: ['operator', { option: true }],
  sessionStates: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument.
    async ({}, use) => {
      await use(new Map());
    },
    { scope: 'worker' },
  ],
  storageState: async ({ signInAs, sessionStates, playwright }, use) => {
    if (signInAs === null) {
      await use({ cookies: [], origins: [] });
      return;
    }
    let state = sessionStates.get(signInAs);
    if (!state) {
      const request = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
      try {
        state = await signInState(request, signInAs);
      } finally {
        await request.dispose();
      }
      sessionStates.set(signInAs, state);
    }
    await use(state);
  },
});

export { expect };
