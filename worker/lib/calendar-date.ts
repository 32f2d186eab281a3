import type { Locale } from "../../contract";

/** A calendar date (YYYY-MM-DD) as `locale` writes it, formatted at UTC: the same day wherever it is read. */
export const calendarDate = (locale: Locale, date: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
