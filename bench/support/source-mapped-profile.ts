import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CpuProfile } from './flame-graph';

/**
 * A CPU profile of bundled code (bundled-entry.ts) with every frame moved to the source file and
 * line it was bundled from, read from the bundle's linked source map, so the flame graph and the
 * table of Runwatch's files name `src/server/…` files rather than one bundle. Frames without a map
 * (Node's own code, native frames) stay as they are.
 */
export function sourceMappedProfile(profile: CpuProfile): CpuProfile {
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  const mapOf = (url: string) => {
    let found = maps.get(url);
    if (found === undefined) {
      const file = fileURLToPath(url);
      const mapFile = `${file}.map`;
      found = fs.existsSync(mapFile) ? { map: new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))), dir: path.dirname(mapFile) } : null;
      maps.set(url, found);
    }
    return found;
  };
  return {
    ...profile,
    nodes: profile.nodes.map((node) => {
      const { url, lineNumber, columnNumber } = node.callFrame;
      if (!url.startsWith('file://') || lineNumber < 0) return node;
      const bundle = mapOf(url);
      if (!bundle) return node;
      const entry = bundle.map.findEntry(lineNumber, columnNumber ?? 0);
      if (!('originalSource' in entry)) return node;
      const source = pathToFileURL(path.resolve(bundle.dir, entry.originalSource)).href;
      return { ...node, callFrame: { ...node.callFrame, url: source, lineNumber: entry.originalLine, columnNumber: entry.originalColumn } };
    }),
  };
}
