import { startSimulator } from '../../src/simulator/start-simulator';
import { reportReady } from './bench-child';

/** The upstream for the overhead benchmark, in a process of its own (see bench-child.ts). */
const { apiKey } = JSON.parse(process.argv[2] ?? '{}') as { apiKey: string };
const sim = await startSimulator({ apiKey, port: 0, seedDemo: false, speed: 0, rateLimit: false });
reportReady({ origin: sim.origin, baseUrl: sim.baseUrl }, () => sim.close());
