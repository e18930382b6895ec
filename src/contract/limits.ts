/**
 * Limits the SPA and the server must agree on: the server's schemas enforce them and the SPA's
 * inputs stop at them, so a person never types what the server would refuse.
 */

/** Account names: what the CLI, the bootstrap variable and the sign-in form accept. */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * Longest name a sign-in request may carry. Looser than ACCOUNT_NAME_PATTERN on purpose: an odd
 * name gets the same "incorrect name or password" answer as any other wrong name.
 */
export const SIGN_IN_NAME_MAX_LENGTH = 256;

/** Long passphrases beat complexity rules; the upper bound keeps hashing cost bounded. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** Longest value of one field of an answer to a run's prompt. */
export const ANSWER_MAX_LENGTH = 1000;

/** Longest `promptId` an answer may name (the server's ids are far shorter). */
export const PROMPT_ID_MAX_LENGTH = 200;

/** Longest single id a lookup may ask about. */
export const LOOKUP_ID_MAX_LENGTH = 200;
