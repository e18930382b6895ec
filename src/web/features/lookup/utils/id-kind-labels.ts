import type { PasteIdKind } from '@/contract/paste-ids';

export const ID_KIND_LABELS: Record<PasteIdKind, string> = {
  run: 'Run',
  request: 'Request',
  task: 'Task',
  source: 'Source',
  agent: 'Agent',
  credential: 'Credential',
  session: 'Session',
};
