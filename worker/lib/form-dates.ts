import type { Locale } from "../../contract";
import { instantOfWallTime } from "../../contract/constants";

const TIME = String.raw`(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})${TIME}$`);
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);

/**
 * A form's timestamp: year first (2021-11-18, 2021/11/18 9:15:00), or year last, day first as
 * Spanish and French forms write it and month first as English ones do (the campaign's language
 * says which; a first number over 12 can only be a day); else ISO 8601 with its zone. A form's
 * export does not say its time zone: the organizers' form ran in the campaign's, so a time without
 * a zone is read there. Null when empty, undefined when it is no date.
 */
export function parseFormDate(value: string, campaign: { language: Locale; timeZone: string }): Date | null | undefined {
  const text = value.trim();
  if (!text) return null;
  let parts = YEAR_FIRST.exec(text)?.slice(1).map(Number);
  if (!parts) {
    const match = YEAR_LAST.exec(text)?.slice(1).map(Number);
    if (match) {
      const [first, second, year, ...time] = match;
      const [day, month] = campaign.language !== "en" || first > 12 ? [first, second] : [second, first];
      parts = [year, month, day, ...time];
    }
  }
  if (parts) {
    const [year, month, day, hours = 0, minutes = 0, seconds = 0] = parts.map((part) => part || 0);
    // A calendar check first: 31/02 is no date, wherever it is read.
    const calendar = new Date(Date.UTC(year, month - 1, day));
    if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hours > 23 || minutes > 59 || seconds > 59) return undefined;
    return instantOfWallTime(campaign.timeZone, year, month, day, hours, minutes, seconds);
  }
  const time = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? undefined : new Date(time);
}
