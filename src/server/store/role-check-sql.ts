import { ROLES } from '@/contract/roles';

/**
 * The contract's roles as an SQL list (`'viewer', 'operator', 'admin'`), for the accounts table's
 * CHECK. The migrations that use it have shipped: the text they produce must stay byte-identical
 * (role-check-sql.test.ts), so a new role needs a new migration, not an edit of this list.
 */
export const ROLE_CHECK_LIST = ROLES.map((role) => `'${role}'`).join(', ');
