import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Locale, OrganizerRole } from "../contract";
import type { Campaign, Organizer } from "../schema/tables";

/**
 * Secrets and optional settings: not in wrangler.toml, so `wrangler types` cannot see them.
 * Every one is described in the README's Configuration section.
 */
export interface Secrets {
  /** Resend API key; without it, in development, email goes to the local mailbox. */
  RESEND_API_KEY?: string;
  /** Where the Resend SDK sends requests; only tests and local doubles change it. */
  RESEND_BASE_URL?: string;
  /** Signing secret (`whsec_…`) of the Resend webhook; without it `/webhooks/resend` does not exist. */
  RESEND_WEBHOOK_SECRET?: string;
  /** Public origin used in emailed links when it differs from the request's. */
  PUBLIC_URL?: string;
  /** Turnstile: with both keys set, every sign-on must pass the challenge. */
  TURNSTILE_SITE_KEY?: string;
  TURNSTILE_SECRET_KEY?: string;
  /** Where siteverify is called; only tests and local doubles change it. */
  TURNSTILE_VERIFY_URL?: string;
  /** `on` counts D1's statements and rows for `GET /dev/stats` (lib/d1-stats.ts); only the bench sets it. */
  D1_STATS?: string;
}

export type Bindings = Env & Secrets;

/** drizzle over D1; `$client` runs the statements built once (lib/prepared.ts). */
export type Database = DrizzleD1Database & { $client: D1Database };

/** Read with `c.get(…)`: Hono's `c.var` builds an object of every variable at each read. */
export interface Variables {
  db: Database;
  campaign: Campaign;
  /** On organizer routes: who is signed in (by session cookie or API token). */
  organizer: Organizer;
  /** On a campaign's organizer routes: the organizer's role on it. */
  role: OrganizerRole;
  /** Where the request's own subject names a language (a signer's link): its error pages speak it. */
  locale: Locale;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
