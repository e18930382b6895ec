import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../scripts/server-node-flags.mjs';

/**
 * Every place that starts the production server, or tells an operator how to, passes the node
 * options of scripts/server-node-flags.mjs (the benchmark takes them from there), so what is
 * measured, documented and shipped is one command.
 */
const ROOT = new URL('../../', import.meta.url);
const read = (file: string) => fs.readFileSync(new URL(file, ROOT), 'utf8');
const COMMAND = `node ${SERVER_NODE_FLAGS.join(' ')} dist/server/main.js`;

describe('the production start command', () => {
  it('is what npm start runs after the build', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`npm run build && ${COMMAND}`);
  });

  it('is the image CMD', () => {
    const cmd = read('Dockerfile')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(cmd && (JSON.parse(cmd.slice(4)) as string[])).toEqual(['node', ...SERVER_NODE_FLAGS, 'dist/server/main.js']);
  });

  it('is the one the README and the operations guide give', () => {
    for (const doc of ['README.md', 'docs/operations.md']) {
      const commands = read(doc).match(/node (?:--[\w-]+(?:=\S+)? )*dist\/server\/main\.js/g) ?? [];
      expect(commands.length, doc).toBeGreaterThan(0);
      expect(new Set(commands), doc).toEqual(new Set([COMMAND]));
    }
  });
});
