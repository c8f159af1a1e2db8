// The few fixed choices the command line and the schema share, and how their dates read, without
// the schema library: the scheduler's skip path parses its options without loading zod.

export const LANGUAGES = ["en", "fr"] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

/** The paper sizes the dossier prints on. */
export const PAGE_FORMATS = ["A4", "Letter"] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

/** True for YYYY, YYYY-MM or YYYY-MM-DD naming a day (or month) that exists. */
export function isRealDate(value: string): boolean {
  const [year, month, day] = value.split("-").map(Number);
  if (month === undefined) return true;
  if (month < 1 || month > 12) return false;
  if (day === undefined || year === undefined) return true;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Orders YYYY, YYYY-MM and YYYY-MM-DD dates oldest first (a year before its months, a month
 * before its days), by code point: the order localeCompare gives them, without loading ICU's
 * collation data (~2 MB of Node's memory) to compare digits and dashes.
 */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
