/**
 * CSV for spreadsheets that people will open (RFC 4180, CRLF line ends). No cell may start a
 * formula: text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * apostrophe, which spreadsheets show as text and never evaluate (OWASP's CSV injection advice).
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (values: CsvValue[]) => values.map(csvCell).join(",") + "\r\n";

/** Excel reads a file as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = "\uFEFF";
