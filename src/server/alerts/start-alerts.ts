import type { AlertsConfig } from '../config';
import type { EventIntake } from '../events/event-intake';
import { webhookSigningKey } from '../events/webhook-verifier';
import type { Logger } from '../logger';
import { isStuck, stuckThresholdsFromMinutes, waitingSince } from '../runs/stuck-runs';
import type { WaitingStatus } from '@/contract/board';
import type { EventStore } from '../store/event-store';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertLedger } from './alert-ledger';
import { AlertSender } from './alert-sender';

export interface RunningAlerts {
  /** Stops the scan and retries, then closes the ledger; call before closing the event store. */
  stop(): Promise<void>;
}

/**
 * Wires server-side alerts when RUNWATCH_ALERT_WEBHOOK_URL is set: changed runs from the event
 * intake, a stuck scan with the board's rule and thresholds, the ledger in the data dir.
 */
export function startAlerts(options: {
  alerts: AlertsConfig;
  stuckAfterMinutes: Record<WaitingStatus, number>;
  dataDir: string;
  events: EventStore;
  intake: EventIntake | undefined;
  log: Logger;
}): RunningAlerts | null {
  const { alerts, log } = options;
  if (!alerts.webhookUrl) return null;
  const ledger = new AlertLedger({ dataDir: options.dataDir, log });
  const sender = new AlertSender({
    url: alerts.webhookUrl,
    signingKey: alerts.webhookSecret ? webhookSigningKey(alerts.webhookSecret) : null,
    log,
  });
  const thresholds = stuckThresholdsFromMinutes(options.stuckAfterMinutes);
  const dispatcher = new AlertDispatcher({
    events: options.events,
    ledger,
    deliver: (alert) => sender.deliver(alert),
    log,
    linkBase: alerts.linkBase,
    isStuck: (run, now) => isStuck(run.status, Date.parse(waitingSince(run)), now.getTime(), thresholds),
  });
  const unsubscribe = options.intake?.onRunsChanged((runIds) => dispatcher.runsChanged(runIds));
  dispatcher.start();
  log.info('outgoing alerts on', { receiver: new URL(alerts.webhookUrl).host, signed: alerts.webhookSecret !== null });
  return {
    stop: async () => {
      unsubscribe?.();
      sender.stop();
      await dispatcher.stop();
      ledger.close();
    },
  };
}
