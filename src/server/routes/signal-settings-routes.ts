import { API_ERROR } from '@/contract/api-errors';
import { ROLE } from '@/contract/roles';
import { readSignalSettings, SIGNAL_SETTINGS_KEY, signalSettingsUpdateSchema, type SignalSettings } from '@/contract/signals';
import { ApiHttpError } from '../http/api-error';
import { queryParams, readJsonBody } from '../http/request-input';
import type { UserDataStore } from '../store/user-data-store';
import type { RouteSpec } from '../http/route-table';

export interface SignalSettingsSources {
  /** Per-person store; without it settings cannot be kept and the routes answer 503. */
  userData: UserDataStore | undefined;
  now?: () => number;
}

/** `GET`/`PUT /api/signals/settings`: the caller's notification and sound settings. */
export function signalSettingsRoutes(sources: SignalSettingsSources): RouteSpec[] {
  const now = sources.now ?? Date.now;
  const store = (): UserDataStore => {
    if (!sources.userData) throw new ApiHttpError(API_ERROR.not_ready, 'settings cannot be kept on this server');
    return sources.userData;
  };
  const userIdOf = (principal: { userId: string } | null): string => {
    if (!principal) throw new ApiHttpError(API_ERROR.unauthenticated, 'sign in to continue');
    return principal.userId;
  };

  return [
    {
      method: 'GET',
      path: '/api/signals/settings',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        const settings: SignalSettings = readSignalSettings(await store().getSetting(userIdOf(c.get('principal')), SIGNAL_SETTINGS_KEY));
        c.header('Cache-Control', 'no-store');
        return c.json(settings);
      },
    },
    {
      method: 'PUT',
      path: '/api/signals/settings',
      policy: ROLE.viewer,
      handler: async (c) => {
        queryParams(c, []);
        const settings: SignalSettings = await readJsonBody(c, signalSettingsUpdateSchema);
        await store().putSetting(userIdOf(c.get('principal')), SIGNAL_SETTINGS_KEY, settings, new Date(now()));
        return c.json(settings);
      },
    },
  ];
}
