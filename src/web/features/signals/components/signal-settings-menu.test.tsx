import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SignalSettings } from '@/contract/signals';
import { renderRoute } from '@/web/lib/testing/render-route';
import { SignalSettingsMenu } from './signal-settings-menu';

interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

let stored: SignalSettings;
let saves: RecordedRequest[];

/** In-process fake of the two routes the menu calls. */
function fakeApi(answer: (request: RecordedRequest) => { status?: number; body: unknown }) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://runwatch.test');
      const request = {
        method: (init?.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      };
      const { status = 200, body } = answer(request);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
}

function api(request: RecordedRequest) {
  if (request.path === '/api/attention') return { body: { needsHuman: [], needsHumanCount: 3, watched: [], generatedAt: '2026-11-29T10:00:00.000Z' } };
  if (request.path === '/api/signals/settings' && request.method === 'GET') return { body: stored };
  if (request.path === '/api/signals/settings' && request.method === 'PUT') {
    saves.push(request);
    stored = request.body as SignalSettings;
    return { body: stored };
  }
  return { status: 404, body: {} };
}

function stubNotification(answer: NotificationPermission) {
  const requestPermission = vi.fn(async () => answer);
  vi.stubGlobal(
    'Notification',
    Object.assign(function Notification() {}, { permission: 'default', requestPermission }),
  );
  return requestPermission;
}

beforeEach(() => {
  stored = { desktop: false, sound: false, needsHuman: true, watchedDone: true };
  saves = [];
});

describe('SignalSettingsMenu', () => {
  it('shows the count and asks for notification permission only when the person switches notifications on', async () => {
    fakeApi(api);
    const requestPermission = stubNotification('granted');
    renderRoute(<SignalSettingsMenu />);
    const button = await screen.findByRole('button', { name: /Signals/ });
    await waitFor(() => expect(button).toHaveTextContent('3'));
    expect(requestPermission).not.toHaveBeenCalled();

    await userEvent.click(button);
    const panel = await screen.findByRole('group', { name: 'Signal settings' });
    expect(within(panel).getByRole('link', { name: '3 runs need you' })).toHaveAttribute('href', '/board');
    const desktop = within(panel).getByRole('switch', { name: 'Desktop notifications' });
    await waitFor(() => expect(desktop).toBeEnabled());
    await userEvent.click(desktop);
    expect(requestPermission).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(saves).toHaveLength(1));
    expect(saves[0]!.body).toEqual({ desktop: true, sound: false, needsHuman: true, watchedDone: true });
    await waitFor(() => expect(desktop).toBeChecked());
  });

  it('keeps notifications off and says how to allow them when the browser refuses', async () => {
    fakeApi(api);
    stubNotification('denied');
    renderRoute(<SignalSettingsMenu />);
    await userEvent.click(await screen.findByRole('button', { name: /Signals/ }));
    const desktop = await screen.findByRole('switch', { name: 'Desktop notifications' });
    await waitFor(() => expect(desktop).toBeEnabled());
    await userEvent.click(desktop);
    expect(await screen.findByText(/Notifications are blocked for this site/)).toBeInTheDocument();
    expect(saves).toEqual([]);
    expect(desktop).not.toBeChecked();
  });

  it('saves a trigger change and closes on Escape', async () => {
    fakeApi(api);
    stubNotification('default');
    renderRoute(<SignalSettingsMenu />);
    await userEvent.click(await screen.findByRole('button', { name: /Signals/ }));
    const pinned = await screen.findByRole('switch', { name: 'A pinned run completes or fails' });
    await waitFor(() => expect(pinned).toBeEnabled());
    await userEvent.click(pinned);
    await waitFor(() => expect(saves.map((save) => save.body)).toEqual([{ desktop: false, sound: false, needsHuman: true, watchedDone: false }]));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Signal settings' })).toBeNull();
  });
});
