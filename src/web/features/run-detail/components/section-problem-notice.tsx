import type { SectionProblem } from '@/contract/bff';
import { Alert } from '@/web/components/ui/alert';

interface SectionProblemNoticeProps {
  /** The problems the server reported for this one section (may be empty). */
  problems: readonly SectionProblem[];
  /** How the section is called on the page, e.g. "Screenshots". */
  label?: string;
}

/**
 * Marks a section the server could read only in part: what is shown is what could be read, and
 * this says what could not. Renders nothing when the section is whole.
 */
export function SectionProblemNotice({ problems, label }: SectionProblemNoticeProps) {
  if (problems.length === 0) return null;
  return (
    <Alert tone="warning" role="status" title={label ? `${label}: partly unreadable` : 'Partly unreadable'} className="mb-3">
      <ul className="flex flex-col gap-0.5" data-testid="section-problems">
        {problems.map((problem, index) => (
          <li key={`${problem.section}-${index}`} data-section={problem.section} className="break-words">
            {problem.problem}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs opacity-80">The rest of the page is unaffected; the raw JSON view shows what the upstream sent.</p>
    </Alert>
  );
}
