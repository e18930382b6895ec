/** Weak comparison (RFC 9110 §13.1.2): `*` or any listed tag equal to ours, W/ prefixes aside. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const ours = etag.replace(/^W\//, '');
  return header.split(',').some((part) => {
    const tag = part.trim();
    return tag === '*' || tag.replace(/^W\//, '') === ours;
  });
}
