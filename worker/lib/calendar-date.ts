import type { Locale } from "../../contract";

/** One formatter a language per isolate: every campaign read writes the letter's date out. */
const formatters = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar date (YYYY-MM-DD) as `locale` writes it, formatted at UTC: the same day wherever it is read. */
export function calendarDate(locale: Locale, date: string) {
  let formatter = formatters.get(locale);
  if (!formatter) formatters.set(locale, (formatter = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" })));
  return formatter.format(new Date(`${date}T00:00:00Z`));
}
