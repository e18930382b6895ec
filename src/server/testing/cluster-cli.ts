import { findNginx, spaIsBuilt, startLocalCluster } from './cluster-harness';

/**
 * `npm run cluster`: PostgreSQL in a temporary directory, the simulator (seeded with demo runs),
 * three replicas and nginx round robin in front, all on loopback. Prints the balancer's URL and the
 * sign-in; Ctrl-C stops everything and removes the temporary directories.
 */
async function main(): Promise<void> {
  if (!findNginx()) {
    process.stderr.write('nginx is needed as the load balancer (Debian/Ubuntu: sudo apt-get install nginx-light).\n');
    process.exit(2);
  }
  if (!spaIsBuilt()) process.stderr.write('dist/web is missing: pages will 404 until `npm run build` (the API works).\n');
  process.stdout.write('Starting PostgreSQL, the simulator, three replicas and nginx…\n');
  const cluster = await startLocalCluster({
    replicas: 3,
    seedDemo: true,
    onOutput: (replica, line) => process.stdout.write(`[${replica}] ${line}\n`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the replicas, nginx, the simulator and PostgreSQL…\n');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.stdout.write(
    [
      '',
      `Runwatch cluster is running at ${cluster.balancerUrl} (nginx, round robin)`,
      ...cluster.replicas.map((replica) => `  ${replica.name}: ${replica.url} (pid ${replica.pid})`),
      `  upstream: simulator at ${cluster.simulator.baseUrl}`,
      '',
      `Sign in as ${cluster.admin.name} with the password: ${cluster.admin.password}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The cluster could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
