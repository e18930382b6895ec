import { isEncryptedPayload } from '@/contract/encrypted-payload';
import { EncryptedPayloadNotice } from './encrypted-payload-notice';
import { JsonViewer } from './json-viewer';

interface InputPanelProps {
  runId: string;
  /** Undefined when the server did not include the input; null when the upstream sent none. */
  input: unknown;
  vaultedFields: readonly string[] | undefined;
}

/**
 * The input the run started with. Vaulted fields were removed by the upstream on purpose and are
 * listed as vaulted, so nobody mistakes them for missing data.
 */
export function InputPanel({ runId, input, vaultedFields }: InputPanelProps) {
  const vaulted = vaultedFields ?? [];
  return (
    <div className="flex flex-col gap-3">
      {input === undefined ? (
        <p className="text-sm text-fg-muted">The input is not available for this run.</p>
      ) : isEncryptedPayload(input) ? (
        <EncryptedPayloadNotice what="input" value={input} />
      ) : input === null ? (
        <p className="text-sm text-fg-muted" data-testid="input-none">
          None captured — the upstream sent no input for this run.
        </p>
      ) : (
        <JsonViewer value={input} rootName="input" fileName={`${runId}-input.json`} label="Run input" />
      )}
      {vaulted.length > 0 ? (
        <div className="rounded-control border border-line bg-surface-muted px-3 py-2.5" data-testid="vaulted-fields">
          <p className="text-xs font-semibold text-fg">Vaulted fields</p>
          <p className="mt-0.5 text-xs text-fg-muted">
            Stored securely by the upstream when the run was created and deliberately left out of the input. Not missing.
          </p>
          <ul className="mt-2 flex flex-wrap gap-1.5">
            {vaulted.map((name) => (
              <li key={name} className="inline-flex items-center gap-1.5 rounded-full bg-surface px-2 py-0.5 font-mono text-xs text-fg ring-1 ring-line-strong">
                <svg viewBox="0 0 16 16" className="size-3 text-fg-muted" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
                  <rect x="3" y="7" width="10" height="7" rx="1.5" />
                  <path d="M5.5 7V5a2.5 2.5 0 015 0v2" />
                </svg>
                {name}
                <span className="sr-only">(vaulted)</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
