import { RequireSession } from '../features/session/components/require-session';
import { UserMenu } from '../features/session/components/user-menu';
import { AttentionSignals } from '../features/signals/components/attention-signals';
import { SignalSettingsMenu } from '../features/signals/components/signal-settings-menu';
import { AppShell } from './app-shell';

/**
 * The app shell for signed-in people. Loaded as its own chunk: it brings the API client and its
 * schemas, which the entry bundle does not need before the first route is known. Signals (title
 * count, favicon badge, notifications) follow the person on every signed-in page.
 */
export function ProtectedShell() {
  return (
    <RequireSession>
      <AttentionSignals />
      <AppShell
        userMenu={
          <div className="flex min-w-0 items-center gap-2">
            <SignalSettingsMenu />
            <UserMenu />
          </div>
        }
      />
    </RequireSession>
  );
}
