import { randomInt } from 'node:crypto';
import { ROLE } from '@/contract/roles';
import type { BootstrapAdmin } from '../config';
import type { AuditSink } from '../audit/audit-entry';
import { AccountNameTakenError, type AccountStore, type NewAccount } from './account-store';
import { hashPasswordSync, type ScryptParams } from './password-hash';
import { newPasswordProblem } from './password-policy';
import type { Role } from '../http/principal';

/** Startup cannot go on; the message says what to do. main.ts prints it and exits non-zero. */
export class AuthSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthSetupError';
  }
}

export interface GeneratedAccount {
  name: string;
  role: Role;
  password: string;
}

/** One per role, so every page (the audit log included) can be seen in the demo. */
export const DEMO_ACCOUNTS: ReadonlyArray<{ name: string; role: Role }> = [
  { name: 'demo-admin', role: ROLE.admin },
  { name: 'demo-operator', role: ROLE.operator },
  { name: 'demo-viewer', role: ROLE.viewer },
];

/** No 0/o/1/l/i: people copy these from a terminal. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four (about 78 bits), e.g. `k7mq-x2vd-9hfp-t3wc`. */
export function generateOneTimePassword(): string {
  const group = () => Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

const BOOTSTRAP_REQUEST_ID = 'startup';

/**
 * Makes sure someone can sign in (once at startup, before listening):
 * - RUNWATCH_BOOTSTRAP_ADMIN creates that admin when no account of that name exists (an existing
 *   account is left alone, so a stale variable cannot reset a password that was changed since).
 * - Embedded (demo) mode with no accounts at all creates a demo operator and a demo viewer with
 *   generated one-time passwords, returned so they can be shown once.
 * - A configured setup (real upstream) without an enabled admin refuses to start.
 */
export async function ensureAccounts(deps: {
  accounts: AccountStore;
  audit: AuditSink;
  hashParams: ScryptParams;
  bootstrapAdmin: BootstrapAdmin | null;
  embedded: boolean;
  /** Named in the hint when no admin exists, so the command works from any working directory. */
  dataDir: string;
}): Promise<GeneratedAccount[]> {
  const { accounts, audit, hashParams, bootstrapAdmin, embedded, dataDir } = deps;
  // Replicas starting together on one database may race for a name: the one that loses leaves it to the winner.
  const createOnce = async (input: NewAccount): Promise<boolean> =>
    accounts.create(input).then(
      () => true,
      (error: unknown) => {
        if (error instanceof AccountNameTakenError) return false;
        throw error;
      },
    );
  const record = (name: string, role: Role, detail: string) =>
    audit.record({
      action: 'account.created',
      outcome: 'accepted',
      actor: 'system',
      actorRole: null,
      subject: name,
      address: null,
      requestId: BOOTSTRAP_REQUEST_ID,
      detail: `role=${role}; ${detail}`,
    });

  if (bootstrapAdmin && !(await accounts.findByName(bootstrapAdmin.name))) {
    const problem = newPasswordProblem(bootstrapAdmin.password, bootstrapAdmin.name);
    if (problem) throw new AuthSetupError(`RUNWATCH_BOOTSTRAP_ADMIN: ${problem}`);
    if (await createOnce({ name: bootstrapAdmin.name, role: ROLE.admin, passwordHash: hashPasswordSync(bootstrapAdmin.password, hashParams) })) {
      await record(bootstrapAdmin.name, ROLE.admin, 'from RUNWATCH_BOOTSTRAP_ADMIN');
    }
  }

  const generated: GeneratedAccount[] = [];
  if (embedded && (await accounts.count()) === 0) {
    for (const demo of DEMO_ACCOUNTS) {
      const password = generateOneTimePassword();
      if (!(await createOnce({ name: demo.name, role: demo.role, passwordHash: hashPasswordSync(password, hashParams), mustChangePassword: true }))) continue;
      await record(demo.name, demo.role, 'demo account');
      generated.push({ ...demo, password });
    }
  }

  if (!embedded && (await accounts.countEnabledAdmins()) === 0) {
    throw new AuthSetupError(
      `No admin account exists in ${dataDir}. Create one with \`npm run users -- add <name> --role admin --data-dir ${shellQuote(dataDir)}\`, ` +
        'or set RUNWATCH_BOOTSTRAP_ADMIN=name:password for the first start.',
    );
  }
  return generated;
}

/**
 * The console notice for generated demo accounts, printed once after the URL: the passwords are not
 * kept anywhere. The reset hint names the data dir, so it works from any working directory.
 */
export function formatGeneratedAccountsNotice(accounts: readonly GeneratedAccount[], dataDir: string): string {
  const width = Math.max(...accounts.map((a) => a.name.length));
  const lines = accounts.map((a) => `    ${a.name.padEnd(width)}  ${a.role.padEnd(8)}  ${a.password}`);
  const rule = `  ${'='.repeat(72)}`;
  return [
    '',
    rule,
    '  Demo accounts — one-time passwords, shown only now. Sign in at the URL above:',
    '',
    ...lines,
    '',
    '  Signing in asks you to choose your own password (at least 12 characters, not a common one).',
    '  Lost one? Set a new one-time password with:',
    `    npm run users -- reset-password <name> --one-time --data-dir ${shellQuote(dataDir)}`,
    rule,
    '',
  ].join('\n');
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
