import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/contract/audit';
import { auditCsvHeader, auditCsvLine, escapeCsvCell } from './audit-csv';

describe('audit CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(escapeCsvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(escapeCsvCell('+1')).toBe("'+1");
    expect(escapeCsvCell('-2+3')).toBe("'-2+3");
    expect(escapeCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(escapeCsvCell('\t=1')).toBe("'\t=1");
    expect(escapeCsvCell('alice')).toBe('alice');
    expect(escapeCsvCell('a-b')).toBe('a-b');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and leaves null cells empty', () => {
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell('')).toBe('');
  });

  it('writes one CRLF-terminated line per entry in header order', () => {
    const entry: AuditEntry = {
      id: '7',
      at: '2025-03-01T14:02:00.000Z',
      action: 'interaction.submitted',
      outcome: 'accepted',
      actor: '=cmd|calc',
      actorRole: 'operator',
      runId: 'trun_abc',
      subject: null,
      address: '10.0.0.1',
      requestId: 'rw_1',
      upstreamRequestId: 'req_9',
      detail: 'mfa',
    };
    expect(auditCsvHeader()).toBe('time,action,outcome,actor,actor_role,run_id,subject,address,request_id,upstream_request_id,detail\r\n');
    expect(auditCsvLine(entry)).toBe("2025-03-01T14:02:00.000Z,interaction.submitted,accepted,'=cmd|calc,operator,trun_abc,,10.0.0.1,rw_1,req_9,mfa\r\n");
  });
});
