import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS } from '../contract/api-errors';
import * as LIMITS from '../contract/limits';
import { ROLES } from '../contract/roles';

/**
 * The values the SPA and the server must agree on — `/api` error codes, roles, shared limits — are
 * spelled once, in src/contract, and used by name everywhere else, so a rename or a changed limit
 * is caught by the compiler instead of drifting apart. This guard keeps it so for the source under
 * src/server, src/web and src/simulator.
 *
 * Tests and test helpers may spell wire values on purpose: a test that asserts the wire string
 * (`code: 'not_cancelable'`) is what catches an accidental rename of the constant. So are the
 * simulator's error codes, which are the upstream's vocabulary, not Runwatch's `/api`.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SCANNED = ['src/server', 'src/web', 'src/simulator'];

const API_ERROR_CODES = new Set(Object.keys(API_ERROR_STATUS));
/**
 * Codes that are also plain words of other vocabularies here (upstream error kinds, file fetch
 * failures, sign-in outcomes): they count only where they stand for an `/api` code.
 */
const CODES_THAT_ARE_ALSO_WORDS = new Set(['not_found', 'busy', 'forbidden']);
const ROLE_NAMES = new Set<string>(ROLES);
const SHARED_LIMITS = new Set((Object.values(LIMITS) as unknown[]).filter((value): value is number => typeof value === 'number'));
const PATTERNS = new Set((Object.values(LIMITS) as unknown[]).flatMap((value) => (value instanceof RegExp ? [value.source] : [])));

interface Spelling {
  file: string;
  line: number;
  text: string;
  why: string;
}

function isTestSource(file: string): boolean {
  return (
    /\.test\.tsx?$/.test(file) ||
    /-suite\.ts$/.test(file) ||
    file.startsWith('src/server/testing/') ||
    file.startsWith('src/web/lib/testing/') ||
    file === 'src/web/test-setup.ts'
  );
}

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(relative);
      else if (/\.tsx?$/.test(entry.name) && !isTestSource(relative)) files.push(relative);
    }
  };
  for (const dir of SCANNED) walk(dir);
  return files;
}

/** `x.code`, `code`: the expression holds an error code. */
function namesCode(node: ts.Node): boolean {
  return (ts.isPropertyAccessExpression(node) && node.name.text === 'code') || (ts.isIdentifier(node) && node.text === 'code');
}

/** Whether a string literal stands for an `/api` error code where it is: thrown, sent as `code`, or compared with a code. */
function inErrorCodeContext(literal: ts.Node): boolean {
  let node: ts.Node = literal;
  // Look through `a ? 'x' : 'y'` and parentheses to where the value is used.
  while (ts.isConditionalExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'ApiHttpError') return parent.arguments?.[0] === node;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) return ts.isIdentifier(parent.name) && parent.name.text === 'code';
  if (
    ts.isBinaryExpression(parent) &&
    [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind)
  ) {
    return namesCode(parent.left === node ? parent.right : parent.left);
  }
  if (ts.isCaseClause(parent)) return namesCode(parent.parent.parent.expression);
  return false;
}

/** Any of the values, or a length prop: files without one need no parsing. */
const CANDIDATE = new RegExp(
  [...API_ERROR_CODES, ...ROLE_NAMES, 'maxLength', 'minLength', ...[...PATTERNS].map((source) => source.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))].join('|'),
);

/** Every place in one file's text where a contract value is written out instead of named. */
function findSpellings(file: string, text: string): Spelling[] {
  if (!CANDIDATE.test(text)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Spelling[] = [];
  const report = (node: ts.Node, why: string) =>
    found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, text: node.getText(source), why });
  const checkCodes = !file.startsWith('src/simulator/');

  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const value = node.text;
      if (checkCodes && API_ERROR_CODES.has(value) && (!CODES_THAT_ARE_ALSO_WORDS.has(value) || inErrorCodeContext(node))) {
        report(node, 'an /api error code: use API_ERROR from src/contract/api-errors.ts');
      } else if (ROLE_NAMES.has(value)) {
        report(node, 'a role: use ROLE or ROLES from src/contract/roles.ts');
      } else if (ROLES.some((role) => value.includes(`'${role}'`))) {
        report(node, 'a role inside SQL: bind ROLE.… or build the list from ROLES (src/contract/roles.ts)');
      }
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      if (parts.some((part) => ROLES.some((role) => part.includes(`'${role}'`))))
        report(node, 'a role inside SQL: build the list from ROLES (src/contract/roles.ts)');
    } else if (ts.isRegularExpressionLiteral(node)) {
      const body = node.text.slice(1, node.text.lastIndexOf('/'));
      if (PATTERNS.has(body)) report(node, 'a shared pattern: use the one in src/contract/limits.ts');
    } else if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name) && ['maxLength', 'minLength'].includes(node.name.text)) {
      const value = node.initializer && ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (value && (ts.isNumericLiteral(value) || ts.isStringLiteral(value))) report(node, 'an input length limit: use the one in src/contract/limits.ts');
    } else if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : '';
      const first = node.arguments[0];
      if (['maxLength', 'minLength'].includes(callee) && first && ts.isNumericLiteral(first) && SHARED_LIMITS.has(Number(first.text))) {
        report(node, 'a shared limit: use the one in src/contract/limits.ts');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('values both sides agree on are spelled only in src/contract', () => {
  it('finds no error code, role or shared limit written out in the source outside src/contract', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const spellings = files.flatMap((file) => findSpellings(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(spellings.map((s) => `${s.file}:${s.line} ${s.text} — ${s.why}`)).toEqual([]);
  });

  it('skips tests and test helpers, which may spell wire values', () => {
    expect(sourceFiles()).not.toContain('src/server/contract-values-guard.test.ts');
    expect(sourceFiles().some((file) => file.startsWith('src/server/testing/'))).toBe(false);
  });

  it.each([
    ["if (error.code === 'not_cancelable') return;", 'an /api error code'],
    ["switch (error.code) { case 'forbidden': break; }", 'an /api error code'],
    ["throw new ApiHttpError('busy', 'try later');", 'an /api error code'],
    ["throw new ApiHttpError(status === 401 ? 'unauthenticated' : 'forbidden', 'no');", 'an /api error code'],
    ["const result = { code: 'not_found' };", 'an /api error code'],
    ["record('rejected', { detail: 'interaction_conflict' });", 'an /api error code'],
    ["const route = { policy: 'operator' };", 'a role'],
    ['db.prepare("SELECT count(*) FROM accounts WHERE role = \'admin\'");', 'a role inside SQL'],
    ["const sql = `CHECK (role IN ('viewer', 'operator', 'admin')) ${x}`;", 'a role inside SQL'],
    ['const ok = /^[A-Za-z0-9._@-]{1,64}$/.test(name);', 'a shared pattern'],
    ['const schema = z.string().check(z.maxLength(1000));', 'a shared limit'],
  ])('reports %s', (line, why) => {
    expect(new Set(findSpellings('src/server/example.ts', line).map((s) => s.why.split(':')[0]))).toEqual(new Set([why]));
  });

  it('reports a retyped input length limit in the SPA', () => {
    const spellings = findSpellings('src/web/example.tsx', 'const input = <input maxLength={1024} minLength="12" />;');
    expect(spellings.map((s) => s.text)).toEqual(['maxLength={1024}', 'minLength="12"']);
  });

  it.each([
    "if (error.kind === 'not_found') return null;",
    "return { kind: 'busy' };",
    "if (failure.kind === 'forbidden') return;",
    'const seconds = ms / 1000;',
    "const name = 'demo-admin';",
  ])('leaves alone %s, which is no contract value', (line) => {
    expect(findSpellings('src/server/example.ts', line)).toEqual([]);
  });

  it('leaves the simulator its upstream error codes but not the roles', () => {
    expect(findSpellings('src/simulator/example.ts', "sendError(c, 404, { code: 'not_found' });")).toEqual([]);
    expect(findSpellings('src/simulator/example.ts', "const role = 'viewer';")).toHaveLength(1);
  });
});
