import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const older = `whsec_${randomBytes(24).toString('base64')}`;

describe('event intake configuration', () => {
  it('follows events by default, reading the log every 2 s without webhooks and every 15 s with them', () => {
    expect(loadConfig({}).events).toEqual({ enabled: true, intervalMs: 2_000, webhookSecrets: [] });
    expect(loadConfig({ RUNWATCH_WEBHOOK_SECRETS: ` ${secret} , ${older} ` }).events).toEqual({
      enabled: true,
      intervalMs: 15_000,
      webhookSecrets: [secret, older],
    });
    expect(loadConfig({ RUNWATCH_EVENTS: 'off', RUNWATCH_EVENTS_INTERVAL_MS: '500' }).events).toMatchObject({ enabled: false, intervalMs: 500 });
  });

  it('refuses bad values naming the variable, never printing a secret', () => {
    expect(() => loadConfig({ RUNWATCH_EVENTS: 'yes' })).toThrow('RUNWATCH_EVENTS must be on or off');
    expect(() => loadConfig({ RUNWATCH_EVENTS_INTERVAL_MS: '50' })).toThrow(/RUNWATCH_EVENTS_INTERVAL_MS/);
    const notBase64 = 'whsec_this is not a secret at all, is it?';
    for (const value of [`${secret},${notBase64}`, secret.slice('whsec_'.length), 'whsec_c2hvcnQ=']) {
      let message = '';
      try {
        loadConfig({ RUNWATCH_WEBHOOK_SECRETS: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: RUNWATCH_WEBHOOK_SECRETS must be/);
      expect(message).not.toContain(secret.slice(10, 30));
      expect(message).not.toContain('not a secret');
    }
  });
});
