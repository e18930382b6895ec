import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createSimulator, type Simulator, type SimulatorOptions } from './create-simulator';

export interface StartedSimulator {
  /** e.g. http://127.0.0.1:4010/v2 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:4010 */
  origin: string;
  simulator: Simulator;
  /** Stops the simulator and the server, destroying open sockets (hung requests included). */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions & { port?: number; host?: string }): Promise<StartedSimulator> {
  const { port = 0, host = '127.0.0.1', ...simulatorOptions } = options;
  const simulator = createSimulator(simulatorOptions);
  const server = createAdaptorServer({ fetch: simulator.app.fetch, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;
  if (!simulatorOptions.publicBaseUrl) simulator.setPublicBaseUrl(origin);

  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/v2`,
    origin,
    simulator,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        simulator.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
