// Makes sure the cluster tests have nginx to put in front of their replicas as the load balancer
// (started as a plain process on loopback, see src/server/testing/cluster-harness.ts). Installed
// from Debian's packages when we are root with apt, as CI is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];
const findNginx = () => CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? null;

if (findNginx()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
  console.log('No nginx found for the cluster tests; installing Debian nginx-light…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'nginx-light'], { stdio: 'inherit', env });
  if (findNginx()) process.exit(0);
  console.error(`nginx-light was installed but no nginx binary is at ${CANDIDATES.join(' or ')}.`);
  process.exit(1);
}

console.error(
  'No nginx found: the cluster tests run three replicas behind nginx as the load balancer. Install it:\n' +
    '  - Debian/Ubuntu: sudo apt-get install nginx-light\n' +
    '  - macOS (Homebrew): brew install nginx',
);
process.exit(1);
