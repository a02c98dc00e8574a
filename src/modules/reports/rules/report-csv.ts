/**
 * A CSV cell: quoted when needed, and a leading = + - @ defused with ' so a spreadsheet shows it
 * instead of running it. A plain number ("-12.5000") is no formula and stays as it is.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A whole CSV document: a header row, then the rows, CRLF line ends as RFC 4180 has them. */
export function toCsv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
