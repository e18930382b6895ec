/** Calls one of the simulator's `/__sim/` control endpoints; test support for the server's suites. */
export async function simulatorControl<T = unknown>(origin: string, pathname: string, body?: unknown, method = 'POST'): Promise<T> {
  const response = await fetch(`${origin}/__sim/${pathname}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator control ${pathname}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
