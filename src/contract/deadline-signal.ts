/** A signal that aborts when its time is up or when any signal it follows does; `clear` ends the timer. */
export interface DeadlineSignal {
  signal: AbortSignal;
  clear(): void;
}

/**
 * Aborts after `ms` with a `TimeoutError` (as `AbortSignal.timeout` would), or as soon as one of
 * `follows` aborts, with that signal's reason. Call `clear` once the work is done.
 *
 * Why not `AbortSignal.any([AbortSignal.timeout(ms), …])`: on Node 20 the timeout signal inside such a
 * composite is only weakly held and can be garbage-collected before it fires, so a request to a host
 * that never answers is never aborted. Here the timer holds the controller until it fires or is cleared.
 */
export function deadlineSignal(ms: number, ...follows: AbortSignal[]): DeadlineSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  // Still fires while the process runs; only does not keep a process alive that is otherwise done.
  (timer as { unref?: () => void }).unref?.();
  const signal = follows.length === 0 ? controller.signal : AbortSignal.any([controller.signal, ...follows]);
  return { signal, clear: () => clearTimeout(timer) };
}
