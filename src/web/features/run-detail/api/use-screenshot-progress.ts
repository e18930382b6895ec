import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RunStatus } from '@/contract/run-status';
import { runScreenshotsResponseSchema } from '@/contract/run-screenshots';
import { apiGet } from '@/web/lib/api-client';
import { withNewScreenshots } from './merge-run-response';
import { runQueries } from './run-queries';

/** A working run captures a screenshot every few seconds; the server reads them once per run per window. */
export const SCREENSHOT_POLL_MS = 3_000;

/** Statuses in which the agent works and captures screenshots; an unrecognised one (null) may be one. */
export function capturesScreenshots(status: RunStatus | null): boolean {
  return status === null || status === 'running' || status === 'canceling';
}

/**
 * Follows a working run's new screenshots into the cached run detail, costing the upstream only
 * while someone watches: it polls `GET /api/runs/:id/screenshots?after=N` only while the run
 * works, the tab is visible and the gallery element (`galleryElementId`) is on screen or near it.
 * The run's own poll carries its status; with a healthy event feed its copy changes only with an
 * event, so screenshots come from here.
 */
export function useScreenshotProgress(runId: string, status: RunStatus | null, galleryElementId: string): void {
  const client = useQueryClient();
  const shown = useElementNearViewport(galleryElementId);
  const working = capturesScreenshots(status);

  useEffect(() => {
    if (!working || !shown) return;
    const key = runQueries.detail(runId).queryKey;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const held = client.getQueryData(key)?.run.screenshots;
      if (held && document.visibilityState !== 'hidden') {
        const after = held.length;
        try {
          const { data } = await apiGet(`/api/runs/${encodeURIComponent(runId)}/screenshots?after=${after}`, runScreenshotsResponseSchema, controller.signal);
          client.setQueryData(key, (cached) => withNewScreenshots(cached, data, after));
        } catch {
          // The next tick tries again; the run's own poll tells the page about outages.
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void tick(), SCREENSHOT_POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, runId, working, shown]);
}

/**
 * Whether the element is within a screen's height of the viewport. Without the element or an
 * IntersectionObserver (old browsers) it counts as shown: polling a little too much beats a gallery
 * that never moves.
 */
function useElementNearViewport(elementId: string): boolean {
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const element = document.getElementById(elementId);
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setShown(entries.some((entry) => entry.isIntersecting)), { rootMargin: '100% 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [elementId]);
  return shown;
}
