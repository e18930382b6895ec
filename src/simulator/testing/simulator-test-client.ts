import type { z } from 'zod';
import { startSimulator, type StartedSimulator } from '../start-simulator';
import type { SimulatorOptions } from '../create-simulator';

export const TEST_API_KEY = 'sk_live_test_key_for_simulator_tests';

export interface SimulatorTestClient {
  started: StartedSimulator;
  /** GET/POST against /v2 with the test key. */
  api(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  /** Parses the body with a zod schema and fails loudly when it does not match. */
  apiJson<T>(path: string, schema: z.ZodType<T>, init?: RequestInit & { key?: string | null }): Promise<{ status: number; body: T; raw: unknown }>;
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  createRun(scenario: string, extra?: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a real simulator on 127.0.0.1:0 with a frozen clock (speed 0) and no rate limit unless
 * overridden, so tests move time explicitly and never sleep.
 */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<SimulatorTestClient> {
  const started = await startSimulator({ apiKey: TEST_API_KEY, speed: 0, rateLimit: false, ...options });

  const api: SimulatorTestClient['api'] = (path, init = {}) => {
    const { key = TEST_API_KEY, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== null) headers.set('Authorization', `Bearer ${key}`);
    if (rest.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    return fetch(`${started.baseUrl}${path}`, { ...rest, headers });
  };

  const control: SimulatorTestClient['control'] = async (method, path, body) => {
    const response = await fetch(`${started.origin}/__sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  return {
    started,
    api,
    apiJson: async (path, schema, init) => {
      const response = await api(path, init);
      const raw = (await response.json()) as unknown;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new Error(`response of ${path} does not match the contract: ${parsed.error.message}`);
      return { status: response.status, body: parsed.data, raw };
    },
    control,
    createRun: async (scenario, extra = {}) => {
      const { status, body } = await control('POST', '/scenarios', { scenario, ...extra });
      if (status !== 201) throw new Error(`creating scenario ${scenario} failed with ${status}: ${JSON.stringify(body)}`);
      return body as { id: string } & Record<string, unknown>;
    },
    advance: async (ms) => {
      const { status } = await control('POST', '/clock/advance', { ms });
      if (status !== 200) throw new Error(`clock advance failed with ${status}`);
    },
    close: () => started.close(),
  };
}
