import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_SIGNAL_SETTINGS } from '@/contract/signals';
import { setTitleAttentionCount } from '@/web/lib/use-document-title';
import { attentionQueries } from '../api/attention-queries';
import { signalSettingsQueries } from '../api/signal-settings-queries';
import { attentionChanges, type AttentionMemory } from '../utils/attention-changes';
import { beep } from '../utils/beep';
import { showDesktopNotification } from '../utils/desktop-notification';
import { setFaviconBadge } from '../utils/favicon-badge';

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
  const count = attention.data?.needsHumanCount ?? 0;

  useEffect(() => {
    setTitleAttentionCount(count);
    setFaviconBadge(count);
  }, [count]);

  // Signed out or gone: no stale count left on the tab.
  useEffect(
    () => () => {
      setTitleAttentionCount(0);
      setFaviconBadge(0);
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
    if (prefs.sound) beep();
    if (prefs.desktop) {
      for (const signal of wanted.slice(0, MAX_NOTIFICATIONS_PER_POLL)) {
        showDesktopNotification(signal, (runId) => void navigate(`/runs/${encodeURIComponent(runId)}`));
      }
    }
  }, [attention.data, settings.data, navigate]);

  return null;
}
