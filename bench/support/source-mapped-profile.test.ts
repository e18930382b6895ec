import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuProfile } from './flame-graph';
import { sourceMappedProfile } from './source-mapped-profile';

describe('sourceMappedProfile', () => {
  let dir: string;
  let bundleUrl: string;
  let bundleLines: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runwatch-profile-map-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'helper.ts'), '\n\nexport function doubled(n: number): number {\n  return n * 2;\n}\n');
    fs.writeFileSync(path.join(dir, 'src', 'entry.ts'), "import { doubled } from './helper';\nconsole.log(doubled(21));\n");
    await build({
      absWorkingDir: dir,
      entryPoints: { entry: path.join(dir, 'src', 'entry.ts') },
      outdir: path.join(dir, 'out'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      sourcemap: 'linked',
      logLevel: 'silent',
    });
    const bundle = path.join(dir, 'out', 'entry.js');
    bundleUrl = pathToFileURL(bundle).href;
    bundleLines = fs.readFileSync(bundle, 'utf8').split('\n');
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves a frame of the bundle to the source file and line it came from, and leaves frames without a map alone', () => {
    const line = bundleLines.findIndex((text) => text.includes('function doubled'));
    const column = bundleLines[line]!.indexOf('doubled');
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
        { id: 2, callFrame: { functionName: 'doubled', url: bundleUrl, lineNumber: line, columnNumber: column } },
        { id: 3, callFrame: { functionName: 'emit', url: 'node:events', lineNumber: 470, columnNumber: 4 } },
      ],
      samples: [2, 3],
    };

    const mapped = sourceMappedProfile(profile);

    expect(mapped.nodes[1]!.callFrame).toEqual({
      functionName: 'doubled',
      url: pathToFileURL(path.join(dir, 'src', 'helper.ts')).href,
      lineNumber: 2,
      columnNumber: expect.any(Number),
    });
    expect(mapped.nodes[0]).toBe(profile.nodes[0]);
    expect(mapped.nodes[2]).toBe(profile.nodes[2]);
    expect(mapped.samples).toEqual([2, 3]);
  });
});
