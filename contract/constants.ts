/**
 * The contract's plain values, free of zod: the console and scripts import them without
 * bringing a validator into their bundles.
 */

export const LOCALES = ["en", "es", "fr"] as const;

/** A campaign's address: lower-case letters, digits and dashes, at most 64, not starting with a dash. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A partner's short name (the embed's `partner`, the hosted page's `?ref=`): lower-case letters, digits and dashes, at most 40. */
export const PARTNER_PATTERN = /^[a-z0-9-]{1,40}$/;

/**
 * An organizer's roles on a campaign, from the least to the most: each may do what the roles
 * before it may. A viewer sees the dashboard and exports without contact data; a reviewer works
 * the review queue, corrections and blocklist; an editor the letter, settings, imports, delivery
 * and updates; an owner everything, the team and webhooks included.
 */
export const ORGANIZER_ROLES = ["viewer", "reviewer", "editor", "owner"] as const;
export type OrganizerRole = (typeof ORGANIZER_ROLES)[number];

/** Whether `role` may do what needs `minimum`. */
export const roleAllows = (role: OrganizerRole | undefined, minimum: OrganizerRole) =>
  role !== undefined && ORGANIZER_ROLES.indexOf(role) >= ORGANIZER_ROLES.indexOf(minimum);

/** What a webhook endpoint may subscribe to. `campaign.delivered` follows the letter's delivery. */
export const WEBHOOK_EVENT_TYPES = ["signature.published", "signature.withdrawn", "signature.corrected", "campaign.closed", "campaign.delivered"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The type of a test send from the console: sent to one endpoint on request, never subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** How a letter reached its addressees. */
export const DELIVERY_METHODS = ["email", "in-person", "post", "online-form", "other"] as const;

/**
 * Whether `name` is an IANA time zone this runtime knows ("America/Mexico_City", "UTC"). A bare
 * offset ("+05:00"), which newer engines also accept, names no place and follows no daylight rule.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** What clocks in `timeZone` show at `instant`, as numbers: year, month (1–12), day, hour, minute, second. */
export function wallTimeOf(instant: Date, timeZone: string): [number, number, number, number, number, number] {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((found) => found.type === type)?.value);
  return [part("year"), part("month"), part("day"), part("hour"), part("minute"), part("second")];
}

/**
 * The instant at which clocks in `timeZone` show the given wall time (month 1–12): how a deadline
 * typed as "20 December, 23:59" or a form's zoneless timestamp is read in the campaign's zone. The
 * zone's offset is taken at a first guess, then again at the instant it gives, which settles it
 * across a daylight-saving change.
 */
export function instantOfWallTime(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetAt = (instant: number) => {
    const [y, mo, d, h, mi, s] = wallTimeOf(new Date(instant), timeZone);
    return Date.UTC(y, mo - 1, d, h, mi, s) - instant;
  };
  const first = asIfUtc - offsetAt(asIfUtc);
  return new Date(asIfUtc - offsetAt(first));
}
