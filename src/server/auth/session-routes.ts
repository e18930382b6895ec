import type { Context } from 'hono';
import { API_ERROR } from '@/contract/api-errors';
import type { SessionResponse } from '@/contract/bff';
import { PASSWORD_MIN_LENGTH } from '@/contract/limits';
import { ROLE } from '@/contract/roles';
import { SIGN_IN_ERROR_CODES, signInBodySchema, type SignInInfo, type SignOutResponse } from '@/contract/session';
import type { AppEnv } from '../app-env';
import type { AuditSink } from '../audit/audit-entry';
import { ApiHttpError, sendApiError } from '../http/api-error';
import type { RouteSpec } from '../http/route-table';
import type { ProxyTrust } from './proxy-trust';
import type { SessionCookies } from './session-cookie';
import type { SessionStore } from './session-store';
import type { SignInService } from './sign-in-service';

const INVALID_CREDENTIALS_MESSAGE = 'The name or password is incorrect.';
/** Password checks take a fraction of a second each, so the queue is usually clear again by then. */
const BUSY_RETRY_AFTER_SECONDS = 1;

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * `GET /api/session` (who am I), `POST /api/session` (sign in), `DELETE /api/session` (sign out),
 * and `GET /api/sign-in/info` (public: what the sign-in page should tell people).
 */
export function createSessionRoutes(deps: {
  /** The embedded demo: its demo accounts' passwords were printed in the server's console. */
  demo: boolean;
  signIn: SignInService;
  sessions: SessionStore;
  cookies: SessionCookies;
  trust: ProxyTrust;
  audit: AuditSink;
  now: () => number;
}): RouteSpec[] {
  const { signIn, sessions, cookies, trust, audit, now } = deps;

  const auditBase = (c: Context<AppEnv>) => ({ address: trust.clientAddress(c), requestId: c.get('requestId') ?? '' });

  return [
    {
      method: 'GET',
      path: '/api/sign-in/info',
      policy: 'public',
      handler: (c) => {
        const body: SignInInfo = { demo: deps.demo, passwordMinLength: PASSWORD_MIN_LENGTH };
        return c.json(body);
      },
    },
    {
      method: 'GET',
      path: '/api/session',
      policy: ROLE.viewer,
      handler: (c) => {
        const principal = c.get('principal');
        if (!principal) return sendApiError(c, new ApiHttpError(API_ERROR.unauthenticated, 'Sign in to continue.'));
        const body: SessionResponse = { user: { name: principal.name, role: principal.role } };
        return c.json(body);
      },
    },
    {
      method: 'POST',
      path: '/api/session',
      policy: 'public',
      handler: async (c) => {
        const raw: unknown = await c.req.json().catch(() => undefined);
        const parsed = signInBodySchema.safeParse(raw);
        if (!parsed.success) return sendApiError(c, new ApiHttpError(API_ERROR.invalid_request, 'Send a name and a password.'));
        const { name, password, newPassword } = parsed.data;
        const address = trust.clientAddress(c);
        const result = await signIn.signIn({ name, password, newPassword, address });

        switch (result.kind) {
          case 'busy':
            // Not audited: a flood of these would bury the entries that matter. The access log has them.
            return sendApiError(
              c,
              new ApiHttpError(SIGN_IN_ERROR_CODES.busy, 'Runwatch is busy signing people in. Try again in a moment.', {
                headers: { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS) },
              }),
            );
          case 'locked': {
            // Once per lock: the refusals that follow add nothing but noise.
            if (result.firstRefusal) {
              await audit.record({ action: 'session.sign_in_failed', outcome: 'rejected', actor: name, actorRole: null, detail: 'throttled', ...auditBase(c) });
            }
            const wait = minutes(result.retryAfterMs);
            return sendApiError(
              c,
              new ApiHttpError(SIGN_IN_ERROR_CODES.tooManyAttempts, `Too many failed sign-ins. Try again in ${wait} minute${wait === 1 ? '' : 's'}.`, {
                headers: { 'Retry-After': String(Math.ceil(result.retryAfterMs / 1000)) },
              }),
            );
          }
          case 'invalid':
            await audit.record({ action: 'session.sign_in_failed', outcome: 'rejected', actor: name, actorRole: null, detail: result.reason, ...auditBase(c) });
            return sendApiError(c, new ApiHttpError(SIGN_IN_ERROR_CODES.invalidCredentials, INVALID_CREDENTIALS_MESSAGE));
          case API_ERROR.password_change_required:
            return sendApiError(
              c,
              new ApiHttpError(SIGN_IN_ERROR_CODES.passwordChangeRequired, 'This is a one-time password. Choose a new password to finish signing in.'),
            );
          case API_ERROR.weak_password:
            return sendApiError(c, new ApiHttpError(SIGN_IN_ERROR_CODES.weakPassword, result.message));
          case 'signed_in': {
            const { account } = result;
            if (result.passwordChanged) {
              await audit.record({
                action: 'account.password_changed',
                outcome: 'accepted',
                actor: account.name,
                actorRole: account.role,
                subject: account.name,
                ...auditBase(c),
              });
            }
            // A fresh id at every sign-in; the id the browser came with (if any) stops working.
            const session = await sessions.create(account.id, address, cookies.read(c));
            cookies.write(c, session.token, (session.expiresAt - now()) / 1000);
            await audit.record({ action: 'session.signed_in', outcome: 'accepted', actor: account.name, actorRole: account.role, ...auditBase(c) });
            const body: SessionResponse = { user: { name: account.name, role: account.role } };
            return c.json(body);
          }
        }
      },
    },
    {
      method: 'DELETE',
      path: '/api/session',
      policy: ROLE.viewer,
      handler: async (c) => {
        const principal = c.get('principal');
        const token = cookies.read(c);
        if (token) await sessions.delete(token);
        cookies.clear(c);
        await audit.record({
          action: 'session.signed_out',
          outcome: 'accepted',
          actor: principal?.name ?? null,
          actorRole: principal?.role ?? null,
          detail: principal?.via === 'proxy' ? 'proxy' : null,
          ...auditBase(c),
        });
        const body: SignOutResponse = { signedOut: true };
        return c.json(body);
      },
    },
  ];
}
