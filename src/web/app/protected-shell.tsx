import { RequireSession } from '../features/session/components/require-session';
import { UserMenu } from '../features/session/components/user-menu';
import { AppShell } from './app-shell';

/**
 * The app shell for signed-in people. Loaded as its own chunk: it brings the API client and its
 * schemas, which the entry bundle does not need before the first route is known.
 */
export function ProtectedShell() {
  return (
    <RequireSession>
      <AppShell userMenu={<UserMenu />} />
    </RequireSession>
  );
}
