/** Optional sections of a run the upstream returns only when asked (`?include=`). */
export const RUN_INCLUDES = ['input', 'storage', 'artifacts'] as const;
export type RunInclude = (typeof RUN_INCLUDES)[number];

/** Sorted and de-duplicated, so equal sets give equal cache keys and URLs. */
export function canonicalIncludes(includes: Iterable<RunInclude>): RunInclude[] {
  return RUN_INCLUDES.filter((name) => new Set(includes).has(name));
}
