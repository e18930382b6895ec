import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_SIGNAL_SETTINGS } from '@/contract/signals';
import { setTitleAttentionCount } from '@/web/lib/use-document-title';
import { attentionQueries } from '../api/attention-queries';
import { signalSettingsQueries } from '../api/signal-settings-queries';
import { attentionChanges, type AttentionMemory } from '../utils/attention-changes';

// Loaded when first needed: most pages never raise a signal, and a tab with no run waiting keeps its own icon.
const loadBeep = () => import('../utils/beep');
const loadDesktopNotification = () => import('../utils/desktop-notification');
const loadFaviconBadge = () => import('../utils/favicon-badge');

/** Sets the badge, or takes it off; a badge helper that fails to load leaves the icon as it was. */
function showFaviconBadge(count: number, stillWanted: () => boolean = () => true): void {
  loadFaviconBadge().then(
    ({ setFaviconBadge }) => stillWanted() && setFaviconBadge(count),
    () => undefined,
  );
}

/** Most notifications one poll raises; a burst of runs needing people becomes the title count instead. */
const MAX_NOTIFICATIONS_PER_POLL = 3;

/**
 * Renders nothing: polls the attention feed on every signed-in page and turns it into the tab
 * title count, the favicon badge, and (when the person opted in) desktop notifications and a beep.
 */
export function AttentionSignals() {
  const navigate = useNavigate();
  const attention = useQuery(attentionQueries.current());
  const settings = useQuery(signalSettingsQueries.current());
  const memory = useRef<AttentionMemory | null>(null);
  const lastPollAt = useRef<string | null>(null);
  const badged = useRef(false);
  const count = attention.data?.needsHumanCount ?? 0;

  useEffect(() => {
    setTitleAttentionCount(count);
    if (count === 0 && !badged.current) return;
    badged.current = true;
    // Only the latest count may land, however the downloads finish.
    let latest = true;
    showFaviconBadge(count, () => latest);
    return () => {
      latest = false;
    };
  }, [count]);

  // Signed out or gone: no stale count left on the tab.
  useEffect(
    () => () => {
      setTitleAttentionCount(0);
      if (badged.current) showFaviconBadge(0);
    },
    [],
  );

  useEffect(() => {
    const poll = attention.data;
    if (!poll || poll.generatedAt === lastPollAt.current) return;
    lastPollAt.current = poll.generatedAt;
    const { memory: next, signals } = attentionChanges(memory.current, poll);
    memory.current = next;
    const prefs = settings.data ?? DEFAULT_SIGNAL_SETTINGS;
    const wanted = signals.filter((signal) => (signal.kind === 'needs_human' ? prefs.needsHuman : prefs.watchedDone));
    if (wanted.length === 0) return;
    if (prefs.sound)
      loadBeep().then(
        ({ beep }) => beep(),
        () => undefined,
      );
    if (prefs.desktop) {
      loadDesktopNotification().then(
        ({ showDesktopNotification }) => {
          for (const signal of wanted.slice(0, MAX_NOTIFICATIONS_PER_POLL)) {
            showDesktopNotification(signal, (runId) => void navigate(`/runs/${encodeURIComponent(runId)}`));
          }
        },
        () => undefined,
      );
    }
  }, [attention.data, settings.data, navigate]);

  return null;
}
