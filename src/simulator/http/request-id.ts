import { randomBytes } from 'node:crypto';

/** A fresh `req_…` for every response, as the upstream does. */
export function newRequestId(): string {
  return `req_${randomBytes(7).toString('hex')}`;
}
