import type { ErrorGroup } from '@/contract/error-groups';
import type { FailureWindow } from '@/contract/failures';

/** Who caused the failure, as the upstream's error groups say (the source is the website). */
export const ERROR_GROUP_LABELS: Record<ErrorGroup, { label: string; hint: string }> = {
  platform: { label: 'Platform', hint: 'the upstream platform failed (counts against the success rate)' },
  request: { label: 'Request', hint: 'the request or the account: input, credentials, limits, answers' },
  source: { label: 'Website', hint: 'the target website (source) failed, was down or blocked' },
  unknown: { label: 'Unknown', hint: 'an error type the contract does not name, or errors not read yet' },
};

export const WINDOW_LABELS: Record<FailureWindow, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
};

/** `source_not_available` → as is; a group without a code says so. */
export function errorLabel(code: string | null, type: string | null): string {
  if (code !== null) return code;
  return type !== null ? `${type} (no code)` : 'errors not known';
}
