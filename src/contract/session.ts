// Zod Mini, as in bff.ts: the SPA imports this file too and ships only the small build.
import { z } from 'zod/mini';
import { API_ERROR } from './api-errors';
import { PASSWORD_MAX_LENGTH, SIGN_IN_NAME_MAX_LENGTH } from './limits';

/**
 * Sign-in wire shapes shared by the sign-in page and the server. `GET /api/session`'s response lives
 * in bff.ts (`sessionResponseSchema`).
 */

/**
 * `POST /api/session`. The name is not pattern-checked here so an odd name gets the same
 * "incorrect name or password" answer as any other wrong name. `newPassword` finishes a sign-in
 * whose password must be changed first (a generated one-time password).
 */
export const signInBodySchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(SIGN_IN_NAME_MAX_LENGTH)),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH)),
  newPassword: z.optional(z.string().check(z.maxLength(PASSWORD_MAX_LENGTH))),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

/** Error codes `POST /api/session` answers with, besides the generic ones. */
export const SIGN_IN_ERROR_CODES = {
  invalidCredentials: API_ERROR.invalid_credentials,
  tooManyAttempts: API_ERROR.too_many_attempts,
  passwordChangeRequired: API_ERROR.password_change_required,
  weakPassword: API_ERROR.weak_password,
  /** 503 with Retry-After: too many sign-ins are waiting for a password check. */
  busy: API_ERROR.busy,
} as const;

/**
 * `GET /api/sign-in/info` (public): what the sign-in page tells people before they sign in.
 * `demo` is true on the embedded demo, whose one-time passwords were printed in the server's console.
 */
export const signInInfoSchema = z.object({
  demo: z.boolean(),
  passwordMinLength: z.number(),
});
export type SignInInfo = z.infer<typeof signInInfoSchema>;

/** `DELETE /api/session`. */
export const signOutResponseSchema = z.object({ signedOut: z.literal(true) });
export type SignOutResponse = z.infer<typeof signOutResponseSchema>;
