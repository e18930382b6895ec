import type { RunError } from '@/contract/bff';
import { codeLabel, explainError } from '../error-catalogue';

/** The first error as a phrase for the page's one-sentence summary, or null when there is none. */
export function failureHeadline(errors: readonly RunError[]): { code: string; headline: string } | null {
  const first = errors[0];
  if (!first) return null;
  return { code: codeLabel(first), headline: explainError(first).headline };
}
