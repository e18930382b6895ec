import type { SessionUser } from '../../../../contract/bff';

type Role = SessionUser['role'];

const LABELS: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };
const ORDER: readonly Role[] = ['viewer', 'operator', 'admin'];

export function roleLabel(role: Role): string {
  return LABELS[role];
}

/** Roles grow in power: an admin may do everything an operator may, and so on. */
export function hasRole(user: SessionUser | null | undefined, needed: Role): boolean {
  return !!user && ORDER.indexOf(user.role) >= ORDER.indexOf(needed);
}
