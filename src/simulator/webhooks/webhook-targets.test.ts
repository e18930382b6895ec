import { describe, expect, it } from 'vitest';
import { refuseWebhookUrl } from './webhook-targets';

describe('refuseWebhookUrl', () => {
  it('allows loopback hosts by default', () => {
    for (const url of [
      'http://localhost:3000/hooks',
      'http://127.0.0.1/hooks',
      'https://127.8.9.10:8443/in',
      'http://[::1]:4000/hooks',
      'http://LOCALHOST/x',
    ]) {
      expect(refuseWebhookUrl(url, 'loopback'), url).toBeNull();
    }
  });

  it('refuses every other host by default, including metadata and private addresses', () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.1/hooks',
      'http://0.0.0.0:3000/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://localhost.example.com/hooks',
      'http://127.0.0.1.nip.io/hooks',
      'https://hooks.example.com/in',
    ]) {
      expect(refuseWebhookUrl(url, 'loopback'), url).toMatch(/loopback/);
    }
  });

  it('allows any http(s) host when widened, but never other schemes or credentials', () => {
    expect(refuseWebhookUrl('https://hooks.example.com/in', 'any')).toBeNull();
    expect(refuseWebhookUrl('file:///etc/passwd', 'any')).toMatch(/http or https/);
    expect(refuseWebhookUrl('gopher://127.0.0.1/x', 'any')).toMatch(/http or https/);
    expect(refuseWebhookUrl('http://user:secret@127.0.0.1/hooks', 'any')).toMatch(/credentials/);
    expect(refuseWebhookUrl('/relative/path', 'any')).toMatch(/absolute/);
  });
});
