import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

describe('npm run simulator (main.ts)', () => {
  it('listens on the given port with the given key and prints the base URL', async () => {
    const child = spawn(TSX, [MAIN, '--port', '0', '--no-seed', '--key', 'sk_live_cli_test_key'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+\/v2)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`simulator exited early with ${code}: ${output}`)));
      });
      expect((await fetch(`${baseUrl}/test`, { headers: { Authorization: 'Bearer sk_live_cli_test_key' } })).status).toBe(200);
      expect((await fetch(`${baseUrl}/test`, { headers: { Authorization: 'Bearer sk_live_simulator_demo_key' } })).status).toBe(401);
      expect(output).not.toContain('sk_live_cli_test_key');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('switches drift on for every run with --drift-kinds', async () => {
    const child = spawn(TSX, [MAIN, '--port', '0', '--no-seed', '--drift-kinds', 'empty_errors,extra_fields'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const origin = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Drift: +.*\n/.test(output) ? /(http:\/\/127\.0\.0\.1:\d+)\/v2/.exec(output) : null;
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`simulator exited early with ${code}: ${output}`)));
      });
      expect(output).toContain('Drift:    empty_errors, extra_fields');
      expect(await (await fetch(`${origin}/__sim/drift`)).json()).toMatchObject({ enabled: ['empty_errors', 'extra_fields'] });
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('delivers webhooks to loopback hosts only, unless started with --webhooks-any-host', async () => {
    for (const [args, expected] of [
      [[], 'loopback'],
      [['--webhooks-any-host'], 'any'],
    ] as const) {
      const child = spawn(TSX, [MAIN, '--port', '0', '--no-seed', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let output = '';
        const origin = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString();
            const match = /(http:\/\/127\.0\.0\.1:\d+)\/v2/.exec(output);
            if (match?.[1]) resolve(match[1]);
          });
          child.once('exit', (code) => reject(new Error(`simulator exited early with ${code}: ${output}`)));
        });
        expect(await (await fetch(`${origin}/__sim/webhooks`)).json()).toMatchObject({ targets: expected });
        const created = await fetch(`${origin}/v2/event-destinations`, {
          method: 'POST',
          headers: { Authorization: 'Bearer sk_live_simulator_demo_key', 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'Elsewhere', type: 'webhook', webhook: { url: 'https://hooks.example.com/in' }, events: ['*'] }),
        });
        expect(created.status).toBe(expected === 'any' ? 201 : 400);
      } finally {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('exits with an error for an unknown drift', async () => {
    const child = spawn(TSX, [MAIN, '--port', '0', '--drift-kinds', 'no_such_drift'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(errors).toContain('unknown drift "no_such_drift"');
  });

  it('exits with an error for a bad --port', async () => {
    const child = spawn(TSX, [MAIN, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
  });
});
