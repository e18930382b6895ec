// Makes sure the PostgreSQL half of the tests has a server to start: Debian's postgresql package
// (initdb and pg_ctl; the tests start a throwaway cluster in a temporary directory, see
// src/server/testing/postgres-cluster.ts). Installed when we are root with apt, as CI is.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    for (const version of fs
      .readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))) {
      const bin = path.join(root, version, 'bin');
      if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
    }
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bin = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return bin && fs.existsSync(path.join(bin, 'initdb')) ? bin : null;
}

if (postgresBinDir()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
  console.log('No PostgreSQL server found for the PostgreSQL tests; installing Debian postgresql…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  if (postgresBinDir()) process.exit(0);
  console.error('postgresql was installed but initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin.');
  process.exit(1);
}

console.error(
  'No PostgreSQL server found: the PostgreSQL half of the tests needs initdb and pg_ctl (no running server or container;\n' +
    'the tests start their own in a temporary directory). Install it:\n' +
    '  - Debian/Ubuntu: sudo apt-get install postgresql\n' +
    '  - macOS (Homebrew): brew install postgresql@15  (pg_config must be on PATH)',
);
process.exit(1);
