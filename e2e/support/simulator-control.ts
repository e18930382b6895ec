import { E2E_SIMULATOR_ORIGIN } from './ports';

/** Drives the embedded simulator's control endpoints from specs. */
export async function startScenario(scenario: string, options: { timeScale?: number } = {}): Promise<{ id: string }> {
  const response = await fetch(`${E2E_SIMULATOR_ORIGIN}/__sim/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario, ...options }),
  });
  if (response.status !== 201) throw new Error(`scenario ${scenario}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

export async function simulatorControl(path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${E2E_SIMULATOR_ORIGIN}/__sim/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'DELETE' ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator control ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
