import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

/**
 * Short-lived signed URLs for screenshots and stored files: HMAC-SHA256 over path and expiry with a
 * per-process secret. Expiry follows the simulated clock so tests can expire a URL by advancing it.
 */
export class UrlSigner {
  private readonly secret = randomBytes(32);

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  /** Returns `path?expires=…&signature=…`. */
  sign(path: string): string {
    const expires = this.now() + this.ttlMs;
    return `${path}?expires=${expires}&signature=${this.signature(path, expires)}`;
  }

  check(path: string, expiresParam: string | undefined, signatureParam: string | undefined): SignatureCheck {
    if (!expiresParam || !signatureParam || !/^\d{1,16}$/.test(expiresParam)) return 'invalid';
    const expires = Number(expiresParam);
    const expected = Buffer.from(this.signature(path, expires));
    const given = Buffer.from(signatureParam);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return expires < this.now() ? 'expired' : 'valid';
  }

  private signature(path: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${expires}`).digest('base64url');
  }
}
