/** Roles in increasing order of power: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles by name (`ROLE.operator`): a misspelt or removed role does not compile. */
export const ROLE = Object.freeze(Object.fromEntries(ROLES.map((role) => [role, role])) as { readonly [R in Role]: R });

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
