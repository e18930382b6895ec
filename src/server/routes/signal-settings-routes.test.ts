import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '@/contract/bff';
import { DEFAULT_SIGNAL_SETTINGS, type SignalSettings } from '@/contract/signals';
import { startHarness, type Harness } from '../testing/runwatch-harness';
import { expectApiError } from '../testing/api-envelope';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

function put(h: Harness, body: string, role: 'viewer' | 'operator' = 'viewer') {
  return h.request('/api/signals/settings', {
    method: 'PUT',
    role,
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE, origin: h.url },
    body,
  });
}

describe('/api/signals/settings', () => {
  it('starts with notifications off and keeps what each person saves, apart from others', async () => {
    harness = await startHarness();
    expect((await harness.request('/api/signals/settings', { role: 'viewer' })).json<SignalSettings>()).toEqual(DEFAULT_SIGNAL_SETTINGS);
    expect(DEFAULT_SIGNAL_SETTINGS.desktop).toBe(false);

    const wanted: SignalSettings = { desktop: true, sound: true, needsHuman: true, watchedDone: false };
    const saved = await put(harness, JSON.stringify(wanted));
    expect(saved.status).toBe(200);
    expect((await harness.request('/api/signals/settings', { role: 'viewer' })).json<SignalSettings>()).toEqual(wanted);
    expect((await harness.request('/api/signals/settings', { role: 'operator' })).json<SignalSettings>()).toEqual(DEFAULT_SIGNAL_SETTINGS);
  });

  it('refuses a body that is not the whole settings document, and keeps the saved one', async () => {
    harness = await startHarness();
    const wanted: SignalSettings = { desktop: true, sound: false, needsHuman: true, watchedDone: true };
    expect((await put(harness, JSON.stringify(wanted))).status).toBe(200);
    for (const bad of ['not json', '{}', JSON.stringify({ ...wanted, sound: 'yes' }), JSON.stringify({ ...wanted, extra: true })]) {
      const response = await put(harness, bad);
      await expectApiError(response, { status: 400, code: 'invalid_request', what: bad });
    }
    expect((await harness.request('/api/signals/settings', { role: 'viewer' })).json<SignalSettings>()).toEqual(wanted);
  });

  it('needs a signed-in person', async () => {
    harness = await startHarness();
    expect((await harness.request('/api/signals/settings', { role: 'none' })).status).toBe(401);
  });
});
