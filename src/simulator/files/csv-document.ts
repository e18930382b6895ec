/** RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. */
export function buildCsvDocument(header: readonly string[], rows: readonly (readonly (string | number)[])[]): Buffer {
  const lines = [header, ...rows].map((row) => row.map((cell) => quoteCsvField(String(cell))).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function quoteCsvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
