import { describeSignal, type Signal } from './attention-changes';

export type NotificationSupport = 'unsupported' | NotificationPermission;

export function notificationSupport(): NotificationSupport {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser for permission; call only from a click, browsers ignore it otherwise. */
export async function askNotificationPermission(): Promise<NotificationSupport> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** A desktop notification for a signal; clicking it brings the tab forward and opens the run. */
export function showDesktopNotification(signal: Signal, openRun: (runId: string) => void): void {
  if (notificationSupport() !== 'granted') return;
  const { title, body } = describeSignal(signal);
  // The tag replaces an older notification of the same run and kind instead of stacking.
  const notification = new Notification(title, { body, tag: `${signal.kind}:${signal.run.runId}` });
  notification.onclick = () => {
    window.focus();
    openRun(signal.run.runId);
    notification.close();
  };
}
