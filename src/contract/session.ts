// Zod Mini, as in bff.ts: the SPA imports this file too and ships only the small build.
import { z } from 'zod/mini';

/**
 * Sign-in wire shapes shared by the sign-in page and the server. `GET /api/session`'s response lives
 * in bff.ts (`sessionResponseSchema`).
 */

/** Account names: what the CLI, the bootstrap variable and the sign-in form accept. */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** Long passphrases beat complexity rules; the upper bound keeps hashing cost bounded. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * `POST /api/session`. The name is not pattern-checked here so an odd name gets the same
 * "incorrect name or password" answer as any other wrong name. `newPassword` finishes a sign-in
 * whose password must be changed first (a generated one-time password).
 */
export const signInBodySchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(256)),
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH)),
  newPassword: z.optional(z.string().check(z.maxLength(PASSWORD_MAX_LENGTH))),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

/** Error codes `POST /api/session` answers with, besides the generic ones. */
export const SIGN_IN_ERROR_CODES = {
  invalidCredentials: 'invalid_credentials',
  tooManyAttempts: 'too_many_attempts',
  passwordChangeRequired: 'password_change_required',
  weakPassword: 'weak_password',
  /** 503 with Retry-After: too many sign-ins are waiting for a password check. */
  busy: 'busy',
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
