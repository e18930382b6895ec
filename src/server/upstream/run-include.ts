/** Optional sections of a run the upstream returns only when asked (`?include=`). */
export const RUN_INCLUDES = ['input', 'storage', 'artifacts'] as const;
export type RunInclude = (typeof RUN_INCLUDES)[number];

/** Sorted and de-duplicated, so equal sets give equal cache keys and URLs. */
export function canonicalIncludes(includes: Iterable<RunInclude>): RunInclude[] {
  // Called on every run read: the few names are looked up in the list as given, no set built per name.
  const given: readonly RunInclude[] = Array.isArray(includes) ? includes : [...includes];
  return RUN_INCLUDES.filter((name) => given.includes(name));
}
