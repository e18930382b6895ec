import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Linter, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { floorOf, isExempt, KNOWN_UPWARD_IMPORTS, SERVER_FLOORS, serverFloors } from './server-floors.js';
import type { Rule } from 'eslint';

// RuleTester hooks into the test framework through these statics.
Object.assign(RuleTester, { afterAll, describe, it });

const rule = serverFloors as unknown as Rule.RuleModule;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const file = (rel: string) => path.resolve('src/server', rel);

tester.run('server-floors', rule, {
  valid: [
    { filename: file('routes/board-routes.ts'), code: "import { ApiHttpError } from '../http/api-error';" },
    { filename: file('routes/board-routes.ts'), code: "import { ApiHttpError } from '@/server/http/api-error';" },
    { filename: file('routes/board-routes.ts'), code: "import { readBoard } from '../runs/board-view';" },
    { filename: file('auth/session-routes.ts'), code: "import type { RouteSpec } from '../http/route-table';" },
    { filename: file('audit/audit-routes.ts'), code: "import { roleAtLeast } from '../http/principal';" },
    { filename: file('wiring/build-runwatch.ts'), code: "import { createApp } from '../app';" },
    { filename: file('main.ts'), code: "import { buildRunwatch } from './wiring/build-runwatch';" },
    { filename: file('events/webhooks-cli.ts'), code: "import { WEBHOOK_PATH } from '../routes/webhook-routes';" },
    { filename: file('store/postgres/postgres-account-store.ts'), code: "import type { AccountStore } from '../../auth/account-store';" },
    { filename: file('http/api-error.ts'), code: "import type { ApiError } from '../../contract/bff';" },
    { filename: file('store/open-database.ts'), code: "import Database from 'better-sqlite3';" },
    // Tests and test support drive the server from outside.
    { filename: file('store/observation-store.test.ts'), code: "import { startHarness } from '../testing/runwatch-harness';" },
    { filename: file('testing/runwatch-harness.ts'), code: "import { buildRunwatch } from '../wiring/build-runwatch';" },
    { filename: file('store/auth-store-suite.ts'), code: "import type { AuthStores } from '../auth/auth-database';" },
  ],
  invalid: [
    { filename: file('http/principal.ts'), code: "import type { RunwatchApp } from '../app';", errors: 1 },
    { filename: file('http/principal.ts'), code: "import type { RunwatchApp } from '@/server/app';", errors: 1 },
    { filename: file('store/event-store.ts'), code: "import { readBoard } from '../runs/board-view';", errors: 1 },
    { filename: file('upstream/upstream-client.ts'), code: "export { metricsRoutes } from '../routes/metrics-routes';", errors: 1 },
    { filename: file('auth/create-auth.ts'), code: "import { createAuditRoutes } from '../routes/audit';", errors: 1 },
    { filename: file('runs/run-reader.ts'), code: "const m = import('../middleware/compress-json');", errors: 1 },
    { filename: file('routes/board-routes.ts'), code: "import { createApp } from '../app';", errors: 1 },
    { filename: file('app.ts'), code: "import { buildRunwatch } from './wiring/build-runwatch';", errors: 1 },
    { filename: file('wiring/build-runwatch.ts'), code: "import './../main';", errors: 1 },
    // A folder on no floor is a decision still to make.
    { filename: file('newfolder/thing.ts'), code: "import { log } from '../logger';", errors: 1 },
    { filename: file('runs/run-reader.ts'), code: "import { thing } from '../newfolder/thing';", errors: 1 },
  ],
});

/** Every server file below src/server, as paths relative to it. */
function serverFiles(dir = path.resolve('src/server')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverFiles(full);
    return /\.tsx?$/.test(entry.name) ? [path.relative(path.resolve('src/server'), full).split(path.sep).join('/')] : [];
  });
}

describe('the floors of src/server', () => {
  it('place every server file, and each path on one floor only', () => {
    const unplaced = serverFiles().filter((rel) => !isExempt(rel) && floorOf(rel) === null);
    expect(unplaced).toEqual([]);
    const listed = SERVER_FLOORS.flatMap((floor) => floor.paths);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('have no upward import but the known ones, and each known one is still there', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = [
      {
        files: ['**/*.ts', '**/*.tsx'],
        languageOptions: { parser: tseslint.parser, ecmaVersion: 2022 as const, sourceType: 'module' as const },
        plugins: { runwatch: { rules: { 'server-floors': rule } } },
        rules: { 'runwatch/server-floors': ['error', { reportKnown: true }] as Linter.RuleEntry },
      },
    ];
    const found = serverFiles()
      .filter((rel) => !isExempt(rel))
      .flatMap((rel) => {
        const filename = path.resolve('src/server', rel);
        return linter
          .verify(fs.readFileSync(filename, 'utf8'), config, filename)
          .filter((message) => message.ruleId === 'runwatch/server-floors')
          .map((message) => message.message.split(':')[0]);
      });
    expect(found.sort()).toEqual([...KNOWN_UPWARD_IMPORTS].sort());
  });
});
