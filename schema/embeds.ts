import { sql } from "drizzle-orm";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { campaigns } from "./tables";

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

/**
 * Sites that loaded a campaign's widget without being among its allowed origins: what organizers
 * need to see when a partner says "it does not show". One row per site, its last sighting
 * refreshed at most every few minutes (worker/services/refused-origins.ts), a bounded number per campaign.
 */
export const refusedOrigins = sqliteTable(
  "refused_origins",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    origin: text("origin").notNull(),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull().default(now),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [primaryKey({ columns: [table.campaignId, table.origin] })],
);
