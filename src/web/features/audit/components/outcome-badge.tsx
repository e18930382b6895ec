import type { AuditOutcome } from '@/contract/audit';
import { Badge, type BadgeTone } from '@/web/components/ui/badge';
import { OUTCOME_LABELS } from '../utils/describe-audit-entry';

// A cancel that was only requested is still in flight: neutral until the run is seen canceled.
const TONES: Record<AuditOutcome, BadgeTone> = { accepted: 'success', rejected: 'warning', failed: 'danger', requested: 'info', canceled: 'neutral' };

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return <Badge tone={TONES[outcome]}>{OUTCOME_LABELS[outcome]}</Badge>;
}
