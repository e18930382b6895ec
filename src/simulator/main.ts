import { parseArgs } from 'node:util';
import { startSimulator } from './start-simulator';

/** `npm run simulator -- [--port 4010] [--key sk_live_…] [--speed 1] [--cancelling] [--no-seed]` */
const DEMO_KEY = 'sk_live_simulator_demo_key';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    key: { type: 'string', default: DEMO_KEY },
    speed: { type: 'string', default: '1' },
    cancelling: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('Usage: npm run simulator -- [--port 4010] [--key sk_live_...] [--speed 1] [--cancelling] [--no-seed]');
  process.exit(0);
}

const port = Number(values.port);
const speed = Number(values.speed);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
if (!Number.isFinite(speed) || speed < 0) {
  console.error(`--speed must be a number >= 0, got "${values.speed}"`);
  process.exit(2);
}

const started = await startSimulator({
  apiKey: values.key,
  port,
  speed,
  seedDemo: !values['no-seed'],
  cancelSpelling: values.cancelling ? 'cancelling' : 'canceling',
});

console.log(`Task Run API simulator listening at ${started.baseUrl}`);
console.log(`  API key:  ${values.key === DEMO_KEY ? DEMO_KEY : '(as given with --key)'}`);
console.log(`  Controls: ${started.origin}/__sim/scenarios`);

const shutdown = () => {
  void started.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
