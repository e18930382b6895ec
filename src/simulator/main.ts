import { parseArgs } from 'node:util';
import { DRIFT_KINDS, isDriftKind } from './drift/drift-kinds';
import { startSimulator } from './start-simulator';

/** `npm run simulator -- [--port 4010] [--key sk_live_…] [--speed 1] [--cancelling] [--no-seed] [--drift] [--drift-kinds a,b] [--webhooks-any-host]` */
const DEMO_KEY = 'sk_live_simulator_demo_key';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    key: { type: 'string', default: DEMO_KEY },
    speed: { type: 'string', default: '1' },
    cancelling: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    drift: { type: 'boolean', default: false },
    'drift-kinds': { type: 'string' },
    'webhooks-any-host': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(
    'Usage: npm run simulator -- [--port 4010] [--key sk_live_...] [--speed 1] [--cancelling] [--no-seed] [--drift] [--drift-kinds a,b] [--webhooks-any-host]',
  );
  console.log(`  --drift            messy but contract-valid shapes for every run (the default drift set)`);
  console.log(`  --drift-kinds a,b  exactly these drifts instead; one of: ${DRIFT_KINDS.join(', ')}`);
  console.log(`  --webhooks-any-host  deliver webhooks to any http(s) host (default: loopback addresses only)`);
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

const driftKinds = values['drift-kinds']
  ?.split(',')
  .map((kind) => kind.trim())
  .filter((kind) => kind !== '');
const unknownDrift = driftKinds?.find((kind) => !isDriftKind(kind));
if (unknownDrift !== undefined) {
  console.error(`--drift-kinds: unknown drift "${unknownDrift}"; see --help for the list`);
  process.exit(2);
}

const started = await startSimulator({
  apiKey: values.key,
  port,
  speed,
  seedDemo: !values['no-seed'],
  cancelSpelling: values.cancelling ? 'cancelling' : 'canceling',
  drift: driftKinds ? driftKinds.filter(isDriftKind) : values.drift,
  webhookTargets: values['webhooks-any-host'] ? 'any' : 'loopback',
});

console.log(`Task Run API simulator listening at ${started.baseUrl}`);
console.log(`  API key:  ${values.key === DEMO_KEY ? DEMO_KEY : '(as given with --key)'}`);
console.log(`  Controls: ${started.origin}/__sim/scenarios`);
if (started.simulator.driftKinds().length > 0) console.log(`  Drift:    ${started.simulator.driftKinds().join(', ')}`);

const shutdown = () => {
  void started.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
