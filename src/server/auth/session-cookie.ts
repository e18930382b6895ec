import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { callerRequestOf, type CallerRequest } from '../http/caller-request';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, cookieValue } from '../http/session-cookie-names';
import type { ProxyTrust } from './proxy-trust';

export type SecureCookiesSetting = 'auto' | boolean;

export interface SessionCookies {
  read(c: Context): string | null;
  /** `read` from what a CallerRequest carries. */
  readFrom(request: CallerRequest): string | null;
  write(c: Context, token: string, maxAgeSeconds: number): void;
  clear(c: Context): void;
}

export function createSessionCookies(setting: SecureCookiesSetting, trust: ProxyTrust): SessionCookies {
  const secure = (c: Context) => (setting === 'auto' ? trust.isHttps(c) : setting);
  const nameFor = (c: Context) => (secure(c) ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
  const readFrom = (request: CallerRequest) => {
    const https = setting === 'auto' ? trust.isHttpsRequest(request) : setting;
    return cookieValue(request.header('cookie'), https ? SECURE_SESSION_COOKIE : SESSION_COOKIE) ?? null;
  };

  return {
    read(c) {
      return readFrom(callerRequestOf(c));
    },
    readFrom,
    write(c, token, maxAgeSeconds) {
      setCookie(c, nameFor(c), token, {
        httpOnly: true,
        secure: secure(c),
        sameSite: 'Strict',
        path: '/',
        maxAge: Math.max(0, Math.round(maxAgeSeconds)),
      });
    },
    clear(c) {
      setCookie(c, nameFor(c), '', { httpOnly: true, secure: secure(c), sameSite: 'Strict', path: '/', maxAge: 0 });
    },
  };
}
