import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a working default setup with the embedded simulator when nothing is set', () => {
    const config = loadConfig({});
    expect(config.upstream).toBeNull();
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(path.resolve('.runwatch'));
    expect(config.sessionSecret).toBeNull();
    expect(config.simulatorPort).toBe(0);
    expect(config.simulatorSpeed).toBe(1);
    expect(config.logLevel).toBe('info');
    expect(config.fileHosts).toEqual([]);
    expect(config.auth).toEqual({
      trustedProxies: [],
      proxyUserHeader: null,
      proxyRole: 'viewer',
      bootstrapAdmin: null,
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
      secureCookies: 'auto',
      initAccounts: false,
    });
  });

  it('reads the metrics token: unset serves /metrics to loopback only; a short or spaced one is refused without echoing it', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ RUNWATCH_METRICS_TOKEN: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2' }).metricsToken).toBe('a1b2c3d4e5f6a1b2c3d4e5f6a1b2');
    for (const bad of ['short-SECRETTOKEN', 'has a space SECRETTOKEN-long-enough']) {
      const error = (() => {
        try {
          loadConfig({ RUNWATCH_METRICS_TOKEN: bad });
        } catch (caught) {
          return caught as ConfigError;
        }
        throw new Error('accepted');
      })();
      expect(error.variable).toBe('RUNWATCH_METRICS_TOKEN');
      expect(error.message).not.toContain('SECRETTOKEN');
    }
  });

  it('reads the board settings: the assumed interaction window and the stuck thresholds', () => {
    expect(loadConfig({}).board).toEqual({
      interactionWindowMinutes: 5,
      stuckAfterMinutes: { queued: 10, interaction_required: 3, review_required: 30 },
    });
    expect(loadConfig({ RUNWATCH_INTERACTION_WINDOW_MINUTES: '12' }).board.interactionWindowMinutes).toBe(12);
    expect(loadConfig({ RUNWATCH_STUCK_AFTER_MINUTES: '15' }).board.stuckAfterMinutes).toEqual({ queued: 15, interaction_required: 15, review_required: 15 });
    expect(loadConfig({ RUNWATCH_STUCK_AFTER_MINUTES: 'queued=2, review_required=0.5' }).board.stuckAfterMinutes).toEqual({
      queued: 2,
      interaction_required: 3,
      review_required: 0.5,
    });
    for (const bad of ['0', '-1', 'soon', 'running=5', 'queued=5,queued=6', 'queued=', '99999999']) {
      expect(failure({ RUNWATCH_STUCK_AFTER_MINUTES: bad }).variable).toBe('RUNWATCH_STUCK_AFTER_MINUTES');
    }
    expect(failure({ RUNWATCH_INTERACTION_WINDOW_MINUTES: '0' }).variable).toBe('RUNWATCH_INTERACTION_WINDOW_MINUTES');
  });

  it('reads the outgoing alert webhook: http(s) only, a whsec_ secret, never printing either', () => {
    expect(loadConfig({}).alerts).toEqual({ webhookUrl: null, webhookSecret: null, linkBase: null });
    const alerts = loadConfig({
      RUNWATCH_ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T0/B0?token=tok-secret',
      RUNWATCH_ALERT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      RUNWATCH_ALERT_LINK_BASE: 'https://runwatch.example.com/',
    }).alerts;
    expect(alerts).toEqual({
      webhookUrl: 'https://hooks.example.com/services/T0/B0?token=tok-secret',
      webhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      linkBase: 'https://runwatch.example.com',
    });
    for (const bad of [
      'ftp://hooks.example.com/x',
      'file:///etc/passwd',
      'https://user:pw-secret@hooks.example.com/',
      'not a url',
      'https://hooks.example.com/#x',
    ]) {
      const error = failure({ RUNWATCH_ALERT_WEBHOOK_URL: bad });
      expect(error.variable).toBe('RUNWATCH_ALERT_WEBHOOK_URL');
      expect(error.message).not.toContain('pw-secret');
    }
    const secret = failure({ RUNWATCH_ALERT_WEBHOOK_SECRET: 'not-a-whsec-secret' });
    expect(secret.variable).toBe('RUNWATCH_ALERT_WEBHOOK_SECRET');
    expect(secret.message).not.toContain('not-a-whsec-secret');
  });

  it('reads RUNWATCH_INIT_ACCOUNTS as an explicit yes or no', () => {
    expect(loadConfig({ RUNWATCH_INIT_ACCOUNTS: '1' }).auth.initAccounts).toBe(true);
    expect(loadConfig({ RUNWATCH_INIT_ACCOUNTS: 'false' }).auth.initAccounts).toBe(false);
    expect(() => loadConfig({ RUNWATCH_INIT_ACCOUNTS: 'yes please' })).toThrow('Invalid configuration: RUNWATCH_INIT_ACCOUNTS must be 1 or 0');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      TASK_API_URL: 'https://api.example.com/v2/',
      TASK_API_KEY: 'sk_live_abcdefgh1234',
      PORT: '9000',
      HOST: '0.0.0.0',
      RUNWATCH_DATA_DIR: '/tmp/rw-data',
      RUNWATCH_SESSION_SECRET: 'x'.repeat(40),
      RUNWATCH_SIMULATOR_PORT: '4010',
      RUNWATCH_SIMULATOR_SPEED: '5',
      RUNWATCH_LOG_LEVEL: 'debug',
      RUNWATCH_FILE_HOSTS: 'Files.Example.com, cdn.example.net:8443',
      RUNWATCH_TRUSTED_PROXIES: '10.0.0.1,::1',
      RUNWATCH_PROXY_USER_HEADER: 'X-Forwarded-User',
      RUNWATCH_PROXY_ROLE: 'operator',
      RUNWATCH_BOOTSTRAP_ADMIN: 'root:pa:ss:word',
      RUNWATCH_SESSION_IDLE_MINUTES: '30',
      RUNWATCH_SESSION_MAX_HOURS: '8',
      RUNWATCH_SECURE_COOKIES: 'true',
    });
    expect(config.upstream).toEqual({ baseUrl: 'https://api.example.com/v2', apiKey: 'sk_live_abcdefgh1234' });
    expect(config.port).toBe(9000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/tmp/rw-data');
    expect(config.simulatorPort).toBe(4010);
    expect(config.simulatorSpeed).toBe(5);
    expect(config.logLevel).toBe('debug');
    expect(config.fileHosts).toEqual(['files.example.com', 'cdn.example.net:8443']);
    expect(config.auth.trustedProxies).toEqual(['10.0.0.1', '::1']);
    expect(config.auth.proxyUserHeader).toBe('x-forwarded-user');
    expect(config.auth.proxyRole).toBe('operator');
    expect(config.auth.bootstrapAdmin).toEqual({ name: 'root', password: 'pa:ss:word' });
    expect(config.auth.sessionIdleMinutes).toBe(30);
    expect(config.auth.sessionMaxHours).toBe(8);
    expect(config.auth.secureCookies).toBe(true);
  });

  it('caps proxied files at RUNWATCH_MAX_FILE_MB megabytes, 100 unless set', () => {
    expect(loadConfig({}).maxFileBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ RUNWATCH_MAX_FILE_MB: '5' }).maxFileBytes).toBe(5 * 1024 * 1024);
  });

  it("gives Runwatch RUNWATCH_UPSTREAM_SHARE requests per 10 s of the upstream, half the organisation's 200 unless set", () => {
    expect(loadConfig({}).upstreamShare).toBe(100);
    expect(loadConfig({ RUNWATCH_UPSTREAM_SHARE: '40' }).upstreamShare).toBe(40);
  });

  it('keeps the shared stores in SQLite unless DATABASE_URL names a PostgreSQL database, and never prints its password', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
    const url = 'postgres://runwatch:s3cret@db.internal:5432/runwatch?sslmode=require';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/runwatch' }).databaseUrl).toBe('postgresql://db/runwatch');
    for (const bad of ['mysql://u:PW-LEAK@db/runwatch', 'postgres://u:PW-LEAK@db', 'postgres://u:PW-LEAK@db/', 'not a url PW-LEAK']) {
      const error = failure({ DATABASE_URL: bad });
      expect(error.variable).toBe('DATABASE_URL');
      expect(error.message).not.toContain('PW-LEAK');
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ TASK_API_URL: '', TASK_API_KEY: ' ', PORT: '' }).upstream).toBeNull();
  });

  it('needs the upstream URL and key together', () => {
    expect(failure({ TASK_API_URL: 'https://api.example.com/v2' }).variable).toBe('TASK_API_KEY');
    expect(failure({ TASK_API_KEY: 'sk_live_abcdefgh1234' }).variable).toBe('TASK_API_URL');
  });

  it('names the bad variable and never prints a secret value', () => {
    const badKey = failure({ TASK_API_URL: 'https://api.example.com/v2', TASK_API_KEY: 'sk_live_has space' });
    expect(badKey.variable).toBe('TASK_API_KEY');
    expect(badKey.message).toContain('TASK_API_KEY');
    expect(badKey.message).not.toContain('has space');

    const badAdmin = failure({ RUNWATCH_BOOTSTRAP_ADMIN: 'no-colon-SECRETPW' });
    expect(badAdmin.variable).toBe('RUNWATCH_BOOTSTRAP_ADMIN');
    expect(badAdmin.message).not.toContain('SECRETPW');

    const shortSecret = failure({ RUNWATCH_SESSION_SECRET: 'tooshort-SECRET' });
    expect(shortSecret.variable).toBe('RUNWATCH_SESSION_SECRET');
    expect(shortSecret.message).not.toContain('tooshort-SECRET');
  });

  it.each([
    ['TASK_API_URL', { TASK_API_URL: 'ftp://x/v2', TASK_API_KEY: 'sk_live_abcdefgh1234' }],
    ['TASK_API_URL', { TASK_API_URL: 'https://user:pw@x.example/v2', TASK_API_KEY: 'sk_live_abcdefgh1234' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['RUNWATCH_SIMULATOR_SPEED', { RUNWATCH_SIMULATOR_SPEED: '0' }],
    ['RUNWATCH_LOG_LEVEL', { RUNWATCH_LOG_LEVEL: 'loud' }],
    ['RUNWATCH_FILE_HOSTS', { RUNWATCH_FILE_HOSTS: 'ok.example.com,bad host' }],
    ['RUNWATCH_TRUSTED_PROXIES', { RUNWATCH_TRUSTED_PROXIES: '10.0.0.1,proxy.local' }],
    ['RUNWATCH_PROXY_USER_HEADER', { RUNWATCH_PROXY_USER_HEADER: 'x-forwarded-user' }],
    ['RUNWATCH_PROXY_ROLE', { RUNWATCH_PROXY_ROLE: 'root' }],
    ['RUNWATCH_SESSION_IDLE_MINUTES', { RUNWATCH_SESSION_IDLE_MINUTES: '0' }],
    ['RUNWATCH_SECURE_COOKIES', { RUNWATCH_SECURE_COOKIES: 'yes' }],
    ['RUNWATCH_MAX_FILE_MB', { RUNWATCH_MAX_FILE_MB: '0' }],
    ['RUNWATCH_MAX_FILE_MB', { RUNWATCH_MAX_FILE_MB: '1.5' }],
    ['RUNWATCH_UPSTREAM_SHARE', { RUNWATCH_UPSTREAM_SHARE: '0' }],
    ['RUNWATCH_UPSTREAM_SHARE', { RUNWATCH_UPSTREAM_SHARE: '201' }],
  ])('rejects a bad %s', (variable, env) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`Invalid configuration: ${variable} `)).toBe(true);
  });
});
