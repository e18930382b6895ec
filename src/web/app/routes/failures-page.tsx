import { FailuresOverview } from '@/web/features/failures/components/failures-overview';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** `/failures` — failed runs across runs, grouped, each group opening the filtered runs list. */
export function FailuresPage() {
  useDocumentTitle('Failures');
  return <FailuresOverview />;
}
