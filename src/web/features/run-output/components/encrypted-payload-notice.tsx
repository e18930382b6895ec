import { CopyButton } from '@/web/components/ui/copy-button';

interface EncryptedPayloadNoticeProps {
  /** "output" or "input". */
  what: string;
  value: string;
}

/** An `enc_…` payload: expected for organisations with payload encryption, so it is not an error. */
export function EncryptedPayloadNotice({ what, value }: EncryptedPayloadNoticeProps) {
  return (
    <div className="flex items-start gap-3 rounded-control border border-line bg-surface-muted px-4 py-3" data-testid={`encrypted-${what}`}>
      <LockGlyph />
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-semibold text-fg">Encrypted {what}</p>
        <p className="mt-0.5 text-fg-muted">
          This organisation encrypts run payloads, so the upstream returns the {what} as an encrypted envelope. Runwatch cannot read it; decrypt it with your
          organisation’s key.
        </p>
        <p className="mt-2 flex items-center gap-2 text-xs text-fg-subtle">
          <span className="truncate font-mono" title={`${value.length.toLocaleString()} characters`}>
            {value.slice(0, 32)}… ({value.length.toLocaleString()} characters)
          </span>
          <CopyButton value={value} label={`Copy encrypted ${what}`} />
        </p>
      </div>
    </div>
  );
}

function LockGlyph() {
  return (
    <svg
      viewBox="0 0 16 16"
      className="mt-0.5 size-4 shrink-0 text-fg-muted"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      aria-hidden="true"
      focusable="false"
    >
      <rect x="3" y="7" width="10" height="7" rx="1.5" />
      <path d="M5.5 7V5a2.5 2.5 0 015 0v2" />
    </svg>
  );
}
