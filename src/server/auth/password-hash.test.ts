import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  HashingBusyError,
  MAX_WAITING_SIGN_IN_HASHES,
  hashPassword,
  hashPasswordSync,
  needsRehash,
  verifyPassword,
} from './password-hash';
import { TEST_HASH_PARAMS } from '../testing/auth-test-server';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a per-hash random salt', async () => {
    const a = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    const b = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(a.split('$')[3]).not.toBe(b.split('$')[3]);
  });

  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please', TEST_HASH_PARAMS);
    expect(await verifyPassword('cafe\u0301 au lait please', stored)).toBe(true);
  });

  it('never matches a malformed or tampered hash', async () => {
    const stored = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    expect(await verifyPassword('correct horse battery staple', 'plaintext')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace('ln=10', 'ln=40'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace('ln=10', 'ln=11'))).toBe(false);
  });

  it('uses memory-hard defaults and asks for a rehash of weaker hashes', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ logN: 17, r: 8, p: 1 });
    const weak = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(weak, TEST_HASH_PARAMS)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('hashes with the production parameters (sync and async agree)', async () => {
    const stored = hashPasswordSync('correct horse battery staple');
    expect(stored.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it('refuses a sign-in check at once when the waiting line is full, but lets others wait', async () => {
    const stored = await hashPassword('correct horse battery staple', TEST_HASH_PARAMS);
    // Two run and the rest wait: the slots are taken synchronously, so this fills the line exactly.
    const admitted = Array.from({ length: 2 + MAX_WAITING_SIGN_IN_HASHES }, () => verifyPassword('correct horse battery staple', stored, 'refuse'));
    await expect(verifyPassword('correct horse battery staple', stored, 'refuse')).rejects.toBeInstanceOf(HashingBusyError);
    const patient = verifyPassword('correct horse battery staple', stored, 'wait');
    expect(await Promise.all(admitted)).toEqual(Array(admitted.length).fill(true));
    expect(await patient).toBe(true);
    // Once the line has drained, sign-in checks are admitted again.
    expect(await verifyPassword('correct horse battery staple', stored, 'refuse')).toBe(true);
  });
});
