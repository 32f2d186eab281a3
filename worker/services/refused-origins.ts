import { desc, eq, sql } from "drizzle-orm";
import { refusedOrigins } from "../../schema/embeds";
import type { Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { Problem } from "../lib/problem";

/**
 * Partner sites the campaign does not list. A page on one gets an answer it can read, saying so,
 * where CORS would otherwise hide every answer and the widget could not tell a refusal from a
 * network failure; and the site is noted, so that organizers see who tried.
 */

/** One isolate notes a site again only after this long: a busy partner page costs D1 a write every few minutes, not one per reader. */
const NOTE_EVERY_MS = 5 * 60_000;
/** Sites kept per campaign: made-up Origin headers cannot grow the table past it. */
const MAX_PER_CAMPAIGN = 50;
/** Sightings one isolate remembers; the oldest is forgotten first. */
const REMEMBERED = 1000;

/** Insertion-ordered, so the first key is the oldest. */
const lastNoted = new Map<string, number>();

/** Whether a page on `origin` may read the campaign: listed, or the worker's own pages (the hosted page, the demo). */
export function originAllowed(campaign: Pick<Campaign, "allowedOrigins">, origin: string, ownOrigins: string[]): boolean {
  return campaign.allowedOrigins.includes("*") || campaign.allowedOrigins.includes(origin) || ownOrigins.includes(origin);
}

/** What a refused page reads: nothing of the campaign, and its own origin allowed to read that much. */
export const originNotAllowed = (origin: string) =>
  new Problem(403, {
    title: "This site is not set up to show this letter",
    detail: "The letter's organizers can add this site's origin to the origins it allows.",
    type: "origin-not-allowed",
    headers: { "Access-Control-Allow-Origin": origin, Vary: "Origin" },
  });

/**
 * Records that a page on `origin` tried to show the campaign: its first sighting, or a later one
 * at most every few minutes. Only web origins are kept ("null", from files and sandboxes, says
 * nothing an organizer could allow).
 */
export async function noteRefusedOrigin(db: Database, campaignId: number, origin: string, now = Date.now()) {
  if (origin.length > 200 || !/^https?:\/\/[^\s/]+$/i.test(origin)) return;
  const key = `${campaignId} ${origin}`;
  if ((lastNoted.get(key) ?? -Infinity) > now - NOTE_EVERY_MS) return;
  lastNoted.delete(key);
  lastNoted.set(key, now);
  if (lastNoted.size > REMEMBERED) lastNoted.delete(lastNoted.keys().next().value!);
  // Other isolates may have noted it meanwhile: the update also waits the few minutes.
  await db.run(sql`
    INSERT INTO ${refusedOrigins} (campaign_id, origin, first_seen_at, last_seen_at)
    SELECT ${campaignId}, ${origin}, ${now}, ${now}
    WHERE (SELECT count(*) FROM ${refusedOrigins} WHERE campaign_id = ${campaignId}) < ${MAX_PER_CAMPAIGN}
    ON CONFLICT (campaign_id, origin) DO UPDATE SET last_seen_at = excluded.last_seen_at
    WHERE ${refusedOrigins.lastSeenAt} <= excluded.last_seen_at - ${NOTE_EVERY_MS}`);
}

/** The sites that tried, most recent first. */
export async function listRefusedOrigins(db: Database, campaignId: number) {
  const rows = await db.select().from(refusedOrigins).where(eq(refusedOrigins.campaignId, campaignId)).orderBy(desc(refusedOrigins.lastSeenAt)).all();
  return rows.map((row) => ({ origin: row.origin, firstSeenAt: row.firstSeenAt.toISOString(), lastSeenAt: row.lastSeenAt.toISOString() }));
}

/**
 * What organizers hand partners (the hosted page's address, the snippet to paste) and the sites
 * that tried to embed the letter and are still not allowed.
 */
export async function campaignEmbedding(db: Database, campaign: Campaign, baseUrl: string) {
  const refused = await listRefusedOrigins(db, campaign.id);
  return {
    pageUrl: `${baseUrl}/c/${campaign.slug}`,
    snippet: `<script type="module" src="${baseUrl}/widget.js"></script>\n<undersigned-campaign campaign="${campaign.slug}"></undersigned-campaign>`,
    refusedOrigins: refused.filter((entry) => !originAllowed(campaign, entry.origin, [])),
  };
}
