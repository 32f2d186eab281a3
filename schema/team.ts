import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { OrganizerRole } from "../contract";
import { campaigns, organizers } from "./tables";

/** A campaign's team beyond its members: the invitations its owners sent. */

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

/**
 * An emailed invitation to join a campaign with a role: hashed, single use, a week long, like a
 * sign-in link. Accepting it creates the organizer if new, the membership and a session.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Lower-cased: the organizer it creates or signs in has this address. */
    email: text("email").notNull(),
    role: text("role").$type<OrganizerRole>().notNull(),
    /** SHA-256 of the token; the token itself is only ever in the email. */
    hash: text("hash").notNull(),
    invitedBy: integer("invited_by").references(() => organizers.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    uniqueIndex("invitations_hash_unique").on(table.hash),
    index("invitations_campaign_email_idx").on(table.campaignId, table.email),
    index("invitations_expires_idx").on(table.expiresAt),
  ],
);

export type Invitation = typeof invitations.$inferSelect;
