/**
 * Builds a small but valid one-page PDF (Helvetica text lines) so stored statements open in any
 * viewer. Offsets in the xref table are computed from the bytes actually written.
 */
export function buildPdfDocument(title: string, lines: readonly string[]): Buffer {
  const textOps = [`BT /F1 18 Tf 72 740 Td (${escapePdfText(title)}) Tj ET`];
  lines.forEach((line, index) => {
    textOps.push(`BT /F1 11 Tf 72 ${700 - index * 18} Td (${escapePdfText(line)}) Tj ET`);
  });
  const content = textOps.join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];

  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** PDF string literals need `\`, `(` and `)` escaped; anything outside printable ASCII becomes `?`. */
function escapePdfText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (char) => `\\${char}`);
}
