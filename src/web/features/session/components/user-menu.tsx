import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { Badge, type BadgeTone } from '@/web/components/ui/badge';
import { Button, buttonClasses } from '@/web/components/ui/button';
import type { SessionUser } from '@/contract/bff';
import { ROLE } from '@/contract/roles';
import { sessionQueries } from '../api/session-queries';
import { useSignOut } from '../api/use-sign-out';
import { hasRole, roleLabel } from '../utils/role-label';

const ROLE_TONES: Record<SessionUser['role'], BadgeTone> = { viewer: 'neutral', operator: 'info', admin: 'accent' };

/**
 * Who is signed in, with which role, and the way out. Admins also get the audit log link, since
 * only they can open it. Renders nothing until the session is known.
 */
export function UserMenu() {
  const session = useQuery(sessionQueries.current());
  const signOut = useSignOut();
  if (!session.data) return null;
  const { user } = session.data;

  return (
    // Wraps rather than shrinks: on a phone the name stays readable and "Sign out" moves to a second line.
    <div className="flex min-w-0 flex-wrap items-center justify-end gap-x-2 gap-y-1" aria-label="Signed-in user" role="group">
      {hasRole(user, ROLE.admin) ? (
        <NavLink to="/audit" className={({ isActive }) => buttonClasses(isActive ? 'ghost-current' : 'ghost', 'sm')}>
          Audit log
        </NavLink>
      ) : null}
      <span className="flex shrink-0 items-center gap-1.5 text-sm">
        <span className="sr-only">Signed in as</span>
        <span className="max-w-[10rem] truncate font-medium text-fg" data-testid="signed-in-user" title={user.name}>
          {user.name}
        </span>
        <Badge tone={ROLE_TONES[user.role]} data-testid="signed-in-role">
          {roleLabel(user.role)}
        </Badge>
      </span>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => signOut.mutate()}
        loading={signOut.isPending}
        title={signOut.isError ? 'Signing out failed; try again.' : undefined}
      >
        Sign out
      </Button>
      {signOut.isError ? (
        <span role="alert" className="sr-only">
          Signing out failed. Try again.
        </span>
      ) : null}
    </div>
  );
}
