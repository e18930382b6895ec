import { API_ERROR, type ApiErrorCode } from '@/contract/api-errors';

/**
 * The upstream refusals Runwatch tells apart (its `/api` error codes): a rejected key, an
 * organisation whose plan does not allow the call, and a blocked website. Each needs a different
 * person to act, and for none of them does retrying help.
 */
export interface UpstreamRefusal {
  title: string;
  description: string;
}

const REFUSALS: Partial<Record<ApiErrorCode, UpstreamRefusal>> = {
  [API_ERROR.upstream_auth]: {
    title: 'The upstream rejected Runwatch’s API key',
    description:
      'The Task Run API refused the key Runwatch is configured with (missing, wrong or revoked). Retrying will not help; a Runwatch administrator must check the configured upstream key.',
  },
  [API_ERROR.upstream_organization_blocked]: {
    title: 'The organisation’s plan does not allow this',
    description:
      'The Task Run API refused the request because of the organisation’s plan, billing or entitlements. Retrying never helps; the account owner must sort it out with the upstream.',
  },
  [API_ERROR.upstream_source_blocked]: {
    title: 'The upstream blocks this website',
    description:
      'The Task Run API refused the request because the website (source) is blocked for this organisation. Retrying will not help; contact the upstream’s support if the block is a mistake.',
  },
};

/** The explanation for one of the refusal codes, or null for any other error code. */
export function describeUpstreamRefusal(code: string | null | undefined): UpstreamRefusal | null {
  return code && Object.hasOwn(REFUSALS, code) ? REFUSALS[code as ApiErrorCode]! : null;
}
