import { LookupPanel } from '@/web/features/lookup/components/lookup-panel';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** `/lookup?q=…` — find a run from a pasted run id, request id or link. */
export function LookupPage() {
  useDocumentTitle('Lookup');
  return <LookupPanel />;
}
