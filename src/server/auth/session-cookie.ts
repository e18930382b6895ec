import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../http/session-cookie-names';
import type { ProxyTrust } from './proxy-trust';

export type SecureCookiesSetting = 'auto' | boolean;

export interface SessionCookies {
  read(c: Context): string | null;
  write(c: Context, token: string, maxAgeSeconds: number): void;
  clear(c: Context): void;
}

export function createSessionCookies(setting: SecureCookiesSetting, trust: ProxyTrust): SessionCookies {
  const secure = (c: Context) => (setting === 'auto' ? trust.isHttps(c) : setting);
  const nameFor = (c: Context) => (secure(c) ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

  return {
    read(c) {
      return getCookie(c, nameFor(c)) ?? null;
    },
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
