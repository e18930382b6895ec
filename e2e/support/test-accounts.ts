/**
 * The accounts e2e specs sign in with. start-server.ts creates them in the e2e data directory
 * before the server starts; the passwords exist only for this throwaway directory.
 */
export type E2eRole = 'viewer' | 'operator' | 'admin';

export const E2E_ACCOUNTS: Record<E2eRole, { name: string; password: string }> = {
  viewer: { name: 'e2e-viewer', password: 'e2e-viewer-password' },
  operator: { name: 'e2e-operator', password: 'e2e-operator-password' },
  admin: { name: 'e2e-admin', password: 'e2e-admin-password' },
};
