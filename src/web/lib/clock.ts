import { useSyncExternalStore } from 'react';

/**
 * One shared one-second clock for every relative timestamp on the page. Components subscribe
 * through `useClockValue` with a derived string, so a list of 100 rows runs one timer and each row
 * re-renders only when its own text changes.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Returns `derive(now)`, re-rendering only when the derived value changes. */
export function useClockValue<T extends string | number | boolean>(derive: (nowMs: number) => T): T {
  return useSyncExternalStore(
    subscribe,
    () => derive(now),
    () => derive(now),
  );
}
