import { isEncryptedPayload } from '@/contract/encrypted-payload';
import { EncryptedPayloadNotice } from './encrypted-payload-notice';
import { FetchedOutput } from './fetched-output';
import { JsonViewer } from './json-viewer';

interface OutputPanelProps {
  runId: string;
  output: unknown;
  /** Whether the run can still produce output (not terminal). */
  active: boolean;
  /** Set when the output was too large for the run response: it is fetched on its own. */
  omitted?: { bytes: number } | undefined;
}

/** The run's output: a JSON tree, an encrypted envelope, or an honest "nothing (yet)". */
export function OutputPanel({ runId, output, active, omitted }: OutputPanelProps) {
  if (omitted && (output === null || output === undefined)) return <FetchedOutput runId={runId} bytes={omitted.bytes} />;
  if (output === null || output === undefined) {
    return <p className="text-sm text-fg-muted">{active ? 'No output yet — it appears here when the run finishes.' : 'This run produced no output.'}</p>;
  }
  if (isEncryptedPayload(output)) return <EncryptedPayloadNotice what="output" value={output} />;
  return <JsonViewer value={output} rootName="output" fileName={`${runId}-output.json`} label="Run output" />;
}
