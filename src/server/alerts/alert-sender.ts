import { deadlineSignal } from '@/contract/deadline-signal';
import type { Logger } from '../logger';
import type { OutgoingAlert } from './alert-message';
import { alertSignatureHeaders } from './alert-signer';

export interface AlertSenderOptions {
  /** The receiver (http or https; validated by the config). */
  url: string;
  /** HMAC key of RUNWATCH_ALERT_WEBHOOK_SECRET; null sends unsigned alerts. */
  signingKey: Buffer | null;
  log: Logger;
  /** Longest one attempt may take, connection to last byte. */
  attemptTimeoutMs?: number;
  /** Waits before the 2nd, 3rd… attempt; the number of entries is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Attempts in flight at once; waits between retries hold no place, so one dead receiver does not hold up fresh alerts. */
  maxInFlight?: number;
  now?: () => number;
}

export type DeliveryOutcome = 'delivered' | 'failed';

const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 60_000, 300_000];
const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Posts alerts to the configured webhook: signed, each attempt time-bounded, retried with growing
 * waits on network failures, timeouts, 408, 429 and 5xx. Redirects are not followed (an alert goes
 * where it was configured to go, nowhere else). A delivery that never succeeds is logged as a
 * warning and given up; it never throws.
 */
export class AlertSender {
  readonly #url: string;
  readonly #key: Buffer | null;
  readonly #log: Logger;
  readonly #timeoutMs: number;
  readonly #delays: readonly number[];
  readonly #now: () => number;
  readonly #stopping = new AbortController();
  readonly #maxInFlight: number;
  #inFlight = 0;
  readonly #waitingForPlace: Array<() => void> = [];

  constructor(options: AlertSenderOptions) {
    this.#url = options.url;
    this.#key = options.signingKey;
    this.#log = options.log.child({ component: 'alert-sender' });
    this.#timeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.#delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#now = options.now ?? Date.now;
    this.#maxInFlight = options.maxInFlight ?? 4;
  }

  async deliver(alert: OutgoingAlert): Promise<DeliveryOutcome> {
    let lastProblem = '';
    for (let attempt = 0; attempt <= this.#delays.length; attempt += 1) {
      if (attempt > 0 && !(await this.#wait(this.#delays[attempt - 1]!))) break;
      const result = await this.#inPlace(() => this.#attempt(alert));
      if (result.ok) return 'delivered';
      lastProblem = result.problem;
      if (!result.retry) break;
    }
    // The receiver's host is logged, never the full URL: a Slack webhook URL is itself a secret.
    this.#log.warn('an alert could not be delivered; giving up on it', {
      alertId: alert.id,
      kind: alert.kind,
      runId: alert.runId,
      receiver: safeHost(this.#url),
      problem: lastProblem,
    });
    return 'failed';
  }

  /** Ends waits between retries; deliveries under way give up. */
  stop(): void {
    this.#stopping.abort();
  }

  async #attempt(alert: OutgoingAlert): Promise<{ ok: true } | { ok: false; retry: boolean; problem: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Runwatch-Alerts' };
    if (this.#key) Object.assign(headers, alertSignatureHeaders({ id: alert.id, timestampSeconds: this.#now() / 1000, body: alert.body, key: this.#key }));
    else headers['webhook-id'] = alert.id;
    const deadline = deadlineSignal(this.#timeoutMs, this.#stopping.signal);
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers,
        body: alert.body,
        redirect: 'manual',
        signal: deadline.signal,
      });
      // Only the status matters; the body is not read (a receiver could send anything, endlessly).
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true };
      const retry = response.status === 408 || response.status === 429 || response.status >= 500;
      return { ok: false, retry, problem: `HTTP ${response.status}` };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const problem = name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : name === 'AbortError' ? 'stopped' : 'receiver unreachable';
      return { ok: false, retry: name !== 'AbortError', problem };
    } finally {
      deadline.clear();
    }
  }

  async #inPlace<T>(work: () => Promise<T>): Promise<T> {
    if (this.#inFlight >= this.#maxInFlight) await new Promise<void>((resolve) => this.#waitingForPlace.push(resolve));
    else this.#inFlight += 1;
    try {
      return await work();
    } finally {
      // The place passes straight to the next in line, or is given back.
      const next = this.#waitingForPlace.shift();
      if (next) next();
      else this.#inFlight -= 1;
    }
  }

  /** False when stopped during the wait. */
  #wait(ms: number): Promise<boolean> {
    const signal = this.#stopping.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unreadable URL';
  }
}
