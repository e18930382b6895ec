import { AuditLog } from '@/web/features/audit/components/audit-log';
import { useDocumentTitle } from '@/web/lib/use-document-title';

/** `/audit` — the whole audit log (admins; others are told why they cannot see it). */
export function AuditPage() {
  useDocumentTitle('Audit log');
  return <AuditLog />;
}
