/**
 * The session cookie's names. Over HTTPS it is `__Host-runwatch_session`: the prefix makes browsers
 * refuse it unless it is Secure, host-only and Path=/, so a sibling subdomain cannot plant one. Over
 * plain HTTP (local use) the prefix is not allowed, so the bare name is used.
 */
export const SESSION_COOKIE = 'runwatch_session';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;
