/**
 * A V8 CPU profile (`.cpuprofile`, as `--cpu-prof` writes it) drawn as a self-contained SVG flame
 * graph (no scripts, no network: hover a frame for its name, file and share), and the functions
 * that spent the most CPU themselves, for the results page.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
}

interface Frame {
  name: string;
  self: number;
  total: number;
  children: Frame[];
}

const WIDTH = 1600;
const ROW = 17;

export function flameGraphSvg(profile: CpuProfile, title: string): string {
  const root = frameTree(profile);
  const rows: string[] = [];
  let depthMax = 0;
  const draw = (frame: Frame, x: number, depth: number) => {
    const width = (frame.total / root.total) * WIDTH;
    if (width < 0.3) return;
    depthMax = Math.max(depthMax, depth);
    rows.push(
      `<g><title>${escapeXml(frame.name)} — ${percent(frame.total, root.total)} total, ${percent(frame.self, root.total)} self</title>` +
        `<rect x="${x.toFixed(2)}" y="${depth}" width="${width.toFixed(2)}" height="${ROW - 1}" fill="${colour(frame.name)}"/>` +
        (width > 40 ? `<text x="${(x + 3).toFixed(2)}" y="${depth}" dy="12">${escapeXml(clip(frame.name, Math.floor(width / 6.5)))}</text>` : '') +
        '</g>',
    );
    let at = x;
    for (const child of [...frame.children].sort((a, b) => a.name.localeCompare(b.name))) {
      draw(child, at, depth + 1);
      at += (child.total / root.total) * WIDTH;
    }
  };
  draw(root, 0, 0);
  const height = (depthMax + 1) * ROW + 30;
  // Rows were drawn top-down by depth; flip them so the root sits at the bottom, as flame graphs do.
  const body = rows.map((row) => row.replace(/ y="(\d+)"/g, (_, d: string) => ` y="${height - (Number(d) + 1) * ROW}"`));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">` +
    `<rect width="100%" height="100%" fill="#fff"/><text x="4" y="16" font-size="13">${escapeXml(title)}</text>` +
    body.join('') +
    '</svg>'
  );
}

/** Samples of a process waiting, not working: left out of every share below. */
const NOT_WORK = new Set(['(idle)', '(program)', '(root)']);

/** The functions with the most CPU of their own, as shares of the busy samples. */
export function topSelfTime(profile: CpuProfile, count: number): { name: string; share: number }[] {
  const root = frameTree(profile);
  const byName = new Map<string, number>();
  const walk = (frame: Frame) => {
    if (!NOT_WORK.has(frame.name)) byName.set(frame.name, (byName.get(frame.name) ?? 0) + frame.self);
    frame.children.forEach(walk);
  };
  walk(root);
  const busy = [...byName.values()].reduce((sum, v) => sum + v, 0);
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, self]) => ({ name, share: self / busy }));
}

/**
 * Runwatch's own source files by the busy samples spent in them or in what they call (a file counted
 * once per sample however often it is on the stack): where a request's CPU goes, part by part.
 */
export function topOwnFiles(profile: CpuProfile, count: number): { file: string; share: number }[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const byFile = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples ?? []) {
    if (NOT_WORK.has(nodes.get(id)!.callFrame.functionName)) continue;
    busy++;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const match = /\/(src\/server\/.*)$/.exec(nodes.get(at)!.callFrame.url);
      if (match && !seen.has(match[1]!)) {
        seen.add(match[1]!);
        byFile.set(match[1]!, (byFile.get(match[1]!) ?? 0) + 1);
      }
    }
  }
  return [...byFile]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([file, samples]) => ({ file, share: samples / Math.max(1, busy) }));
}

/** Frames merged by call path and name, weighted by samples. */
function frameTree(profile: CpuProfile): Frame {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  else for (const n of profile.nodes) hits.set(n.id, n.hitCount ?? 0);
  const build = (node: ProfileNode): Frame => {
    const merged = new Map<string, Frame>();
    for (const childId of node.children ?? []) {
      const child = build(nodes.get(childId)!);
      const same = merged.get(child.name);
      if (same) mergeInto(same, child);
      else merged.set(child.name, child);
    }
    const children = [...merged.values()];
    const self = hits.get(node.id) ?? 0;
    return { name: frameName(node), self, total: self + children.reduce((sum, c) => sum + c.total, 0), children };
  };
  return build(profile.nodes[0]!);
}

function mergeInto(into: Frame, other: Frame): void {
  into.self += other.self;
  into.total += other.total;
  for (const child of other.children) {
    const same = into.children.find((c) => c.name === child.name);
    if (same) mergeInto(same, child);
    else into.children.push(child);
  }
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/(src|bench)\//, '$1/');
  return `${name} ${file}:${lineNumber + 1}`;
}

function colour(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  const ours = /(^| )(src|bench)\//.test(name);
  const hue = ours ? 200 + (Math.abs(hash) % 40) : 10 + (Math.abs(hash) % 40);
  return `hsl(${hue},70%,${60 + (Math.abs(hash >> 8) % 20)}%)`;
}

function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)} %`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch]!);
}
