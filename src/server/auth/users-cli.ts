import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ROLE } from '@/contract/roles';
import { loadConfigFromProcess } from '../config';
import { createLogger } from '../logger';
import { connectPostgres } from '../store/postgres/postgres-database';
import { postgresAuthStores } from '../store/postgres/postgres-auth-stores';
import { AccountCommandError, AccountCommands, parseRole } from './account-commands';
import { accountsDatabaseState } from './accounts-presence';
import { AUTH_DATABASE_FILE, openAuthDatabase, sqliteAuthStores, type AuthStores } from './auth-database';
import { readNewPassword } from './read-password';

/**
 * `npm run users -- <command>`: manage local accounts in the same data dir the server uses.
 * Passwords are read from a prompt (no echo) or stdin, never from the command line, where they
 * would land in shell history and the process list.
 */
const USAGE = `Usage: npm run users -- <command> [options]

Commands:
  add <name> [--role viewer|operator|admin]   create an account (default role: viewer)
  list                                         show all accounts
  set-role <name> <role>                       change an account's role
  reset-password <name> [--one-time]           set a new password and end its sessions
                                               (--one-time: must be changed at next sign-in)
  disable <name>                               block sign-in and end its sessions
  enable <name>                                allow sign-in again
  unlock <name>                                clear the name's sign-in lockouts (wrong passwords)

Options:
  --data-dir <dir>   data directory (default: RUNWATCH_DATA_DIR, else ./.runwatch — as the server)
  --init             create the accounts database if the data directory has none yet
                     (without it a directory with no accounts database is refused, so a
                     mistyped path does not silently get an empty one)

Passwords are asked for at the terminal without echo, or read from the first line of stdin.`;

const COMMANDS = ['add', 'list', 'set-role', 'reset-password', 'disable', 'enable', 'unlock'];

class UsageError extends Error {}

function parse(argv: string[]) {
  if (argv.some((arg) => /^--?(password|pass|pw)(=|$)/i.test(arg))) {
    throw new UsageError('Passwords are never taken from the command line. Type it at the prompt or pipe it on stdin.');
  }
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: 'string' },
        'data-dir': { type: 'string' },
        'one-time': { type: 'boolean', default: false },
        init: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function resolveDataDir(flag: string | undefined): string {
  if (flag) return path.resolve(flag);
  return loadConfigFromProcess().dataDir;
}

function actorName(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

function requireName(name: string | undefined): string {
  if (!name) throw new UsageError('Which account? Give its name.');
  return name;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!command) throw new UsageError('No command given.');
  if (!COMMANDS.includes(command)) throw new UsageError(`Unknown command: ${command}`);
  if (command !== 'list') requireName(rest[0]);

  const log = createLogger({ level: 'warn', write: (line) => process.stderr.write(line + '\n') });
  const say = (text: string) => process.stdout.write(text + '\n');
  // With DATABASE_URL the accounts are on PostgreSQL, shared by every replica; no data dir is involved.
  const databaseUrl = loadConfigFromProcess().databaseUrl;
  if (databaseUrl) {
    const database = await connectPostgres({ url: databaseUrl, log, maxConnections: 2 });
    try {
      await runCommand(command, rest, values, postgresAuthStores(database, log), say);
      say(`(database: ${new URL(databaseUrl).host})`);
    } finally {
      await database.close();
    }
    return;
  }

  const dataDir = resolveDataDir(values['data-dir']);
  const state = accountsDatabaseState(dataDir);
  if (state !== 'present' && !values.init) {
    throw new AccountCommandError(
      `There is no accounts database in ${dataDir} (${AUTH_DATABASE_FILE} is ${state}). ` +
        'Is that the data directory the server uses? Point at it with --data-dir DIR or RUNWATCH_DATA_DIR. ' +
        'If it is a new setup, add --init to create the accounts database there.',
    );
  }
  const stores = sqliteAuthStores(openAuthDatabase(dataDir, log), dataDir, log);
  if (state !== 'present') say(`Created a new accounts database in ${dataDir}.`);
  try {
    await runCommand(command, rest, values, stores, say, dataDir);
    say(`(data directory: ${dataDir})`);
  } finally {
    await stores.close();
  }
}

async function runCommand(
  command: string,
  rest: string[],
  values: ReturnType<typeof parse>['values'],
  stores: AuthStores,
  say: (text: string) => void,
  dataDir: string | null = null,
): Promise<void> {
  {
    const commands = new AccountCommands(stores, { name: actorName(), requestId: `cli_${randomUUID()}` });

    switch (command) {
      case 'add': {
        const name = requireName(rest[0]);
        const role = parseRole(values.role ?? ROLE.viewer);
        const password = await readNewPassword(`New password for ${name}`);
        await commands.add(name, role, password);
        say(`Created ${name} (${role}).`);
        break;
      }
      case 'list': {
        const accounts = await commands.list();
        if (accounts.length === 0) {
          say(`No accounts in ${dataDir ?? 'the database'}.`);
          break;
        }
        const width = Math.max(4, ...accounts.map((a) => a.name.length));
        say(`${'NAME'.padEnd(width)}  ${'ROLE'.padEnd(8)}  ${'STATUS'.padEnd(20)}  CREATED`);
        for (const a of accounts) say(`${a.name.padEnd(width)}  ${a.role.padEnd(8)}  ${a.status.padEnd(20)}  ${a.createdAt}`);
        break;
      }
      case 'set-role': {
        const name = requireName(rest[0]);
        const role = parseRole(rest[1] ?? values.role);
        await commands.setRole(name, role);
        say(`${name} is now ${role}.`);
        break;
      }
      case 'reset-password': {
        const name = requireName(rest[0]);
        const password = await readNewPassword(`New password for ${name}`);
        await commands.resetPassword(name, password, values['one-time']);
        say(`Password of ${name} changed; its sessions have ended.${values['one-time'] ? ' It must be changed at the next sign-in.' : ''}`);
        break;
      }
      case 'disable': {
        const name = requireName(rest[0]);
        await commands.disable(name);
        say(`${name} is disabled; its sessions have ended.`);
        break;
      }
      case 'enable': {
        const name = requireName(rest[0]);
        await commands.enable(name);
        say(`${name} may sign in again.`);
        break;
      }
      case 'unlock': {
        const name = requireName(rest[0]);
        const cleared = await commands.unlock(name);
        say(cleared > 0 ? `${name} may sign in again: its sign-in lockouts are cleared.` : `${name} had no sign-in lockouts.`);
        break;
      }
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  }
}

try {
  await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    // AccountCommandError, ConfigError and PasswordInputAborted carry messages written for people.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
