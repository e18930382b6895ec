import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttentionResponse, AttentionRun } from '@/contract/attention';
import type { SignalSettings } from '@/contract/signals';
import { renderRoute, stubFetch } from '@/web/lib/testing/render-route';
import { useDocumentTitle } from '@/web/lib/use-document-title';
import { AttentionSignals } from './attention-signals';

function waiting(runId: string): AttentionRun {
  return {
    runId,
    status: 'interaction_required',
    upstreamStatus: 'interaction_required',
    taskId: 'task_pay',
    sourceId: 'src_shop',
    interactionType: 'mfa',
    updatedAt: '2026-11-29T10:00:00.000Z',
  };
}

let polls: AttentionResponse[] = [];
let settings: SignalSettings = { desktop: true, sound: false, needsHuman: true, watchedDone: true };

function answer(url: URL) {
  if (url.pathname === '/api/signals/settings') return { body: settings };
  if (url.pathname === '/api/attention') return { body: polls.length > 1 ? polls.shift()! : polls[0]! };
  return { status: 404, body: { error: { code: 'not_found', message: 'no', requestId: null, upstreamRequestId: null } } };
}

/** The browser's Notification, recorded (jsdom has none). */
class RecordedNotification {
  static permission: NotificationPermission = 'granted';
  static shown: RecordedNotification[] = [];
  onclick: (() => void) | null = null;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    RecordedNotification.shown.push(this);
  }
  close() {}
}

function RunsPageTitle() {
  useDocumentTitle('Runs');
  return null;
}

beforeEach(() => {
  RecordedNotification.shown = [];
  RecordedNotification.permission = 'granted';
  vi.stubGlobal('Notification', RecordedNotification);
  document.head.innerHTML = '<link rel="icon" type="image/svg+xml" href="/favicon.svg" /><link rel="icon" href="/favicon-dark.svg" />';
});
afterEach(() => {
  document.head.innerHTML = '';
});

function poll(needsHuman: AttentionRun[], generatedAt: string): AttentionResponse {
  return { needsHuman, needsHumanCount: needsHuman.length, watched: [], generatedAt };
}

async function nextPoll(queryClient: ReturnType<typeof renderRoute>['queryClient']) {
  await queryClient.refetchQueries({ queryKey: ['attention'] });
}

/** The component loads its notifier on demand: once the module is here, any notification it meant to raise has been. */
async function notifierSettled(): Promise<void> {
  await import('../utils/desktop-notification');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('AttentionSignals', () => {
  it('counts waiting runs in the title and favicon, notifies only for new ones, opens the run on click, and clears at zero', async () => {
    polls = [
      poll([waiting('trun_old1')], '2026-11-29T10:00:01.000Z'),
      poll([waiting('trun_old1'), waiting('trun_new1')], '2026-11-29T10:00:06.000Z'),
      poll([], '2026-11-29T10:00:11.000Z'),
    ];
    stubFetch(answer);
    const { queryClient } = renderRoute(
      <>
        <RunsPageTitle />
        <AttentionSignals />
      </>,
    );

    await waitFor(() => expect(document.title).toBe('(1) Runs · Runwatch'));
    const icons = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')];
    await waitFor(() => expect(icons.every((icon) => icon.getAttribute('href')!.startsWith('data:image/svg+xml,'))).toBe(true));
    // Waiting already when the tab opened: no notification.
    expect(RecordedNotification.shown).toEqual([]);

    await waitFor(() => expect(queryClient.getQueryState(['signal-settings'])?.status).toBe('success'));
    await nextPoll(queryClient);
    await waitFor(() => expect(document.title).toBe('(2) Runs · Runwatch'));
    await waitFor(() => expect(RecordedNotification.shown).toHaveLength(1));
    const [shown] = RecordedNotification.shown;
    expect(shown!.options.tag).toBe('needs_human:trun_new1');
    expect(shown!.title).toBe('Needs you: mfa prompt');
    expect(shown!.options.body).toBe('task task_pay · site src_shop');

    shown!.onclick?.();
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/runs/trun_new1'));

    await nextPoll(queryClient);
    await waitFor(() => expect(document.title).toBe('Runs · Runwatch'));
    await waitFor(() => expect(icons.map((icon) => icon.getAttribute('href'))).toEqual(['/favicon.svg', '/favicon-dark.svg']));
  });

  it('raises no notification when the person has not opted in or the browser refused', async () => {
    settings = { desktop: false, sound: false, needsHuman: true, watchedDone: true };
    polls = [poll([], '2026-11-29T10:00:01.000Z'), poll([waiting('trun_new2')], '2026-11-29T10:00:06.000Z')];
    stubFetch(answer);
    const { queryClient } = renderRoute(
      <>
        <RunsPageTitle />
        <AttentionSignals />
      </>,
    );
    await waitFor(() => expect(queryClient.getQueryState(['signal-settings'])?.status).toBe('success'));
    await waitFor(() => expect(queryClient.getQueryState(['attention'])?.status).toBe('success'));
    await nextPoll(queryClient);
    await waitFor(() => expect(document.title).toBe('(1) Runs · Runwatch'));
    await notifierSettled();
    expect(RecordedNotification.shown).toEqual([]);

    settings = { desktop: true, sound: false, needsHuman: true, watchedDone: true };
    RecordedNotification.permission = 'denied';
    await queryClient.refetchQueries({ queryKey: ['signal-settings'] });
    polls = [poll([waiting('trun_new2'), waiting('trun_new3')], '2026-11-29T10:00:11.000Z')];
    await nextPoll(queryClient);
    await waitFor(() => expect(document.title).toBe('(2) Runs · Runwatch'));
    await notifierSettled();
    expect(RecordedNotification.shown).toEqual([]);
  });
});
