import type { SessionUser } from '@/contract/bff';
import { roleAtLeast, type Role } from '@/contract/roles';

const LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };

export function roleLabel(role: Role): string {
  return LABELS[role];
}

/** Roles grow in power: an admin may do everything an operator may, and so on. */
export function hasRole(user: SessionUser | null | undefined, needed: Role): boolean {
  return !!user && roleAtLeast(user.role, needed);
}
