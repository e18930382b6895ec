import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuthDatabase } from '../auth/auth-database';
import { silentLogger } from '../logger';
import { accountsMigration } from './postgres/migrations/0004-accounts';

// The text both migrations shipped with. Spelled out on purpose: a changed role list must not edit
// a shipped migration (it needs a new one), and this is where that is caught.
const SHIPPED_CHECK = "CHECK (role IN ('viewer', 'operator', 'admin'))";

describe('the accounts CHECK built from the contract roles', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is the text the PostgreSQL migration shipped with', () => {
    expect(accountsMigration.sql).toContain(`role TEXT NOT NULL ${SHIPPED_CHECK},`);
  });

  it('is the text the SQLite accounts table is created with, and refuses a role the contract does not know', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-role-check-'));
    dirs.push(dir);
    const db = openAuthDatabase(dir, silentLogger);
    try {
      const table = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'accounts'").get() as { sql: string };
      expect(table.sql).toContain(`role TEXT NOT NULL ${SHIPPED_CHECK},`);
      const insert = db.prepare('INSERT INTO accounts (id, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)');
      expect(() => insert.run('a1', 'alice', 'operator', 'h')).not.toThrow();
      expect(() => insert.run('a2', 'bob', 'superuser', 'h')).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});
