import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every doc a comment or a doc cites is in the repository: `*.md` files and links, repository paths
 * (`see src/…`), anchors of Markdown links, and the numbered open points of docs/upstream-contract.md.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SCANNED_DIRS = ['src', 'e2e', 'bench', 'eslint', 'scripts', 'docs'];
const SCANNED_FILES = ['README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'coverage']);
const CODE_FILE = /\.(?:ts|tsx|js|mjs|cjs|css)$/;
const CONTRACT_DOC = 'docs/upstream-contract.md';
/** Built, not written out, so the made-up names in these tests are not taken for citations themselves. */
const MD = '.md';
/** Top-level folders a repository path starts with; a cited path there must exist. */
const REPO_FOLDERS = ['src', 'e2e', 'bench', 'eslint', 'scripts', 'docs', 'deploy'];
/** Files the product writes (the support bundle's summary), named in comments but not docs. */
const PRODUCED_FILES = new Set(['SUMMARY.md']);
/** Folders that runs write and git ignores (the bench's profiles and flame graphs): cited, never committed. */
const PRODUCED_FOLDERS = ['bench/out/', 'coverage/'];

interface Citation {
  file: string;
  line: number;
  /** What the text cites: a path (maybe with `#anchor`) or `open point N`. */
  cited: string;
}

/** The comment text of a code file, other characters blanked so line numbers stay right. */
function commentsOf(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const quote = source[i];
    if (quote === "'" || quote === '"' || quote === '`') {
      // Skip a string (template literals without nesting are enough for this repository's comments).
      // A quote or apostrophe string ends at the line's end at the latest (JSX text has apostrophes).
      let j = i + 1;
      while (j < source.length && source[j] !== quote && (quote === '`' || source[j] !== '\n')) j += source[j] === '\\' ? 2 : 1;
      if (source[j] === '\n') j -= 1;
      out += blank(source.slice(i, j + 1));
      i = j + 1;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += source.slice(i, stop);
      i = stop;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop);
      i = stop;
    } else {
      out += source[i] === '\n' ? '\n' : ' ';
      i += 1;
    }
  }
  return out;
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

const MARKDOWN_NAME = /(?<![\w./-])((?:\.{1,2}\/)*[\w./-]*[\w-]\.md)(#[\w-]+)?(?![\w/])/g;
const REPO_PATH = new RegExp(String.raw`(?<![\w./-])((?:${REPO_FOLDERS.join('|')})/[\w./-]*[\w/])(?![\w*$<{])`, 'g');
/** A file name or path after the word "see", read from the citing file's folder up. */
const SEE_FILE = /\bsee `?((?:\.{1,2}\/)*[\w.-]+(?:\/[\w.-]+)*\.(?:ts|tsx|js|mjs|cjs|json|ya?ml|css|sh|csv))\b/gi;
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;
const OPEN_POINTS = /open points? ((?:\d+)(?:(?:, | and | or )\d+)*)/gi;

/** What a text cites, line by line. */
function citationsIn(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    const add = (cited: string) => {
      if (!PRODUCED_FOLDERS.some((folder) => cited.startsWith(folder))) found.push({ file, line, cited });
    };
    const links = [...content.matchAll(MARKDOWN_LINK)].map((match) => match[1]!);
    for (const link of links) if (!/^[a-z]+:/i.test(link)) add(link);
    // A link's target is already taken above; the rest of the line is read for bare names and paths.
    const rest = content.replace(MARKDOWN_LINK, ']()').replace(/[a-z][\w+.-]*:\/\/\S+/gi, '');
    const names = [...rest.matchAll(MARKDOWN_NAME)].map((match) => match[1]! + (match[2] ?? ''));
    for (const name of names) if (!PRODUCED_FILES.has(path.basename(name.replace(/#.*$/, '')))) add(name);
    for (const match of rest.matchAll(REPO_PATH)) if (!match[1]!.endsWith('.md') && !/\.md#/.test(match[1]!)) add(match[1]!);
    for (const match of rest.matchAll(SEE_FILE)) if (!REPO_FOLDERS.some((folder) => match[1]!.startsWith(`${folder}/`))) add(match[1]!);
    for (const match of content.matchAll(OPEN_POINTS)) for (const n of match[1]!.split(/\D+/)) add(`open point ${n}`);
  });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function headingAnchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => anchorOf(match[1]!)));
}

/** The numbers of the contract doc's "Open points" list. */
function openPointNumbers(markdown: string): Set<number> {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Open points')) ?? '';
  return new Set([...section.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1])));
}

interface Repository {
  /** Whether a repository-relative path exists. */
  exists(repoPath: string): boolean;
  read(repoPath: string): string;
  /** The names of all the repository's files, for a bare name cited without its folder. */
  fileNames: ReadonlySet<string>;
}

/** Why a citation does not hold, or null when it does. */
function problemWith(citation: Citation, repo: Repository): string | null {
  if (citation.cited.startsWith('open point ')) {
    const n = Number(citation.cited.slice('open point '.length));
    return openPointNumbers(repo.read(CONTRACT_DOC)).has(n) ? null : `${CONTRACT_DOC} has no open point ${n}`;
  }
  const [target = '', anchor] = citation.cited.split('#');
  const candidates = target === '' ? [citation.file] : candidatePaths(citation.file, target);
  const found = candidates.find((candidate) => repo.exists(candidate));
  if (!found) {
    if (!target.includes('/') && repo.fileNames.has(target) && !anchor) return null;
    return `no such file: ${target} (looked at ${candidates.join(', ')})`;
  }
  if (anchor && found.endsWith('.md') && !headingAnchors(repo.read(found)).has(anchor)) return `${found} has no heading #${anchor}`;
  return null;
}

/** A cited path is read from the citing file's folder, then from each folder above it up to the root. */
function candidatePaths(citingFile: string, target: string): string[] {
  const relative = target.replace(/\/$/, '');
  const candidates: string[] = [];
  for (let dir = path.posix.dirname(citingFile); ; dir = path.posix.dirname(dir)) {
    candidates.push(path.posix.normalize(path.posix.join(dir, relative)));
    if (dir === '.') break;
  }
  return [...new Set(candidates)].filter((candidate) => !candidate.startsWith('..'));
}

function scannedFiles(): string[] {
  const files: string[] = [...SCANNED_FILES];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (CODE_FILE.test(entry.name) || entry.name.endsWith('.md')) {
        files.push(rel);
      }
    }
  };
  for (const dir of SCANNED_DIRS) walk(dir);
  return files;
}

function allFileNames(dir = '.', names = new Set<string>()): Set<string> {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) allFileNames(path.posix.join(dir, entry.name), names);
    } else {
      names.add(entry.name);
    }
  }
  return names;
}

const readInRepo = (repoPath: string) => fs.readFileSync(path.join(ROOT, repoPath), 'utf8');
const repository: Repository = {
  exists: (repoPath) => fs.existsSync(path.join(ROOT, repoPath)),
  read: readInRepo,
  fileNames: allFileNames(),
};

describe('citations of docs and files', () => {
  it('all hold: every cited file, heading and open point exists in the repository', () => {
    const problems: string[] = [];
    let count = 0;
    for (const file of scannedFiles()) {
      const source = readInRepo(file);
      const text = file.endsWith('.md') ? source : commentsOf(source);
      for (const citation of citationsIn(file, text)) {
        count += 1;
        const problem = problemWith(citation, repository);
        if (problem) problems.push(`${citation.file}:${citation.line} cites ${citation.cited}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
    // The scan found the citations it is there to check (the docs and the code cite plenty).
    expect(count).toBeGreaterThan(50);
  });

  it('reads comments only, keeping line numbers', () => {
    const source = `const a = 'docs/nowhere${MD}'; // see docs/here${MD}\n/* docs/there${MD}\n */ const b = \`x\`;`;
    const comments = commentsOf(source);
    expect(comments).not.toContain('nowhere');
    expect(citationsIn('src/x.ts', comments).map((c) => [c.line, c.cited])).toEqual([
      [1, `docs/here${MD}`],
      [2, `docs/there${MD}`],
    ]);
  });

  it('finds Markdown names, links with anchors, repository paths and open points', () => {
    const text = [
      'See [the board](board.md#the-columns) and ../README.md.',
      'see src/server/config.ts and src/**/*.ts (see runs/run-reader.ts), then docs/upstream-contract.md, open points 4, 7 and 19.',
      `The bundle adds SUMMARY.md; https://example.com/page${MD} is not ours.`,
    ].join('\n');
    expect(citationsIn(`docs/citing${MD}`, text).map((c) => c.cited)).toEqual([
      'board.md#the-columns',
      '../README.md',
      'docs/upstream-contract.md',
      'src/server/config.ts',
      'runs/run-reader.ts',
      'open point 4',
      'open point 7',
      'open point 19',
    ]);
  });

  it('fails on a missing file, a missing heading and a missing open point', () => {
    const files = new Map([
      ['docs/board.md', '# Board\n\n## The columns\n'],
      [CONTRACT_DOC, '# Contract\n\n## Open points and the assumption Runwatch takes\n\n1. **One.** x\n2. **Two.** y\n'],
    ]);
    const repo: Repository = {
      exists: (p) => files.has(p),
      read: (p) => files.get(p) ?? '',
      fileNames: new Set(['board.md', 'upstream-contract.md', 'api-client.ts']),
    };
    const at = (cited: string) => problemWith({ file: `docs/citing${MD}`, line: 1, cited }, repo);
    expect(at('board.md#the-columns')).toBeNull();
    expect(at('docs/board.md')).toBeNull();
    expect(at('open point 2')).toBeNull();
    expect(at(`docs/missing${MD}`)).toMatch(/no such file: docs\/missing\.md/);
    expect(at('board.md#the-rows')).toMatch(/no heading #the-rows/);
    expect(at('open point 3')).toMatch(/no open point 3/);
    // A bare name may sit in any folder; a name with a folder must be where it says.
    expect(at('api-client.ts')).toBeNull();
    expect(at('api-clients.ts')).toMatch(/no such file/);
    expect(at('lib/api-client.ts')).toMatch(/no such file/);
  });

  it('makes anchors the way GitHub does', () => {
    expect(anchorOf('Accounts and sign-in')).toBe('accounts-and-sign-in');
    expect(anchorOf('Data at rest, and backups')).toBe('data-at-rest-and-backups');
    expect(anchorOf('`npm run cluster`')).toBe('npm-run-cluster');
  });
});
