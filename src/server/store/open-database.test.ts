import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { DatabaseUnreadableError, openDatabase, type Migration } from './open-database';

const MIGRATIONS: Migration[] = [{ version: 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' }];
const GARBAGE = Buffer.from('this is not a database'.repeat(500));

describe('openDatabase on an unreadable file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function corruptFile(): { dir: string; file: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-db-'));
    dirs.push(dir);
    const file = path.join(dir, 'data.sqlite');
    fs.writeFileSync(file, GARBAGE);
    return { dir, file };
  }

  it('moves it aside and starts a new one by default (recreate)', () => {
    const { dir, file } = corruptFile();
    const db = openDatabase(file, MIGRATIONS, silentLogger);
    try {
      db.prepare('INSERT INTO notes (text) VALUES (?)').run('hello');
      expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    const aside = fs.readdirSync(dir).find((name) => name.startsWith('data.sqlite.corrupt-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(dir, aside!)).equals(GARBAGE)).toBe(true);
  });

  it("throws and leaves the file untouched with onCorrupt: 'fail'", () => {
    const { dir, file } = corruptFile();
    expect(() => openDatabase(file, MIGRATIONS, silentLogger, { onCorrupt: 'fail' })).toThrow(DatabaseUnreadableError);
    expect(() => openDatabase(file, MIGRATIONS, silentLogger, { onCorrupt: 'fail' })).toThrow(file);
    expect(fs.readdirSync(dir)).toEqual(['data.sqlite']);
    expect(fs.readFileSync(file).equals(GARBAGE)).toBe(true);
  });
});
