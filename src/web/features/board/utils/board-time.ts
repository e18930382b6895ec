/**
 * Times on the board run on the server's clock: the board answer carries `generatedAt`, and the
 * browser's clock only measures how long ago that answer came. A phone whose clock is minutes off
 * still counts a prompt's expiry down correctly.
 */

/** The server's "now" at browser time `clientNow`, from an answer generated at `generatedAt` and received at `receivedAt`. */
export function serverNow(generatedAt: string, receivedAt: number, clientNow: number): number {
  const generated = Date.parse(generatedAt);
  return (Number.isFinite(generated) ? generated : receivedAt) + Math.max(0, clientNow - receivedAt);
}

/** `4:05` left, `1:02:03` for an hour or more; `0:00` once passed. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`: how long a run has waited. */
export function formatWaited(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** What a prompt asks for, in words. */
export function promptKindLabel(type: string | null | undefined): string {
  switch (type) {
    case 'mfa':
      return 'One-time code';
    case 'security_question':
      return 'Security question';
    case 'account_selection':
      return 'Account choice';
    case null:
    case undefined:
      return 'Input needed';
    default:
      return `Input needed (${type})`;
  }
}
