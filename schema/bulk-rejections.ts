import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { SignatureStatus } from "../contract";
import { campaigns, organizers, signatures } from "./tables";

/** Bulk rejections, kept for the week in which they can be undone. */

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

export const bulkRejections = sqliteTable(
  "bulk_rejections",
  {
    id: text("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    organizerId: integer("organizer_id").references(() => organizers.id, { onDelete: "set null" }),
    /** What it matched: a domain, a time range, or both, as the organizer gave them. */
    filter: text("filter", { mode: "json" }).$type<{ domain?: string; from?: string; to?: string }>().notNull(),
    reason: text("reason").notNull(),
    undoneAt: integer("undone_at", { mode: "timestamp_ms" }),
    undoneBy: integer("undone_by").references(() => organizers.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [index("bulk_rejections_created_idx").on(table.createdAt)],
);

/** Each signature a bulk rejection hit, and the status it had: what an undo returns it to. */
export const bulkRejectionItems = sqliteTable(
  "bulk_rejection_items",
  {
    bulkRejectionId: text("bulk_rejection_id")
      .notNull()
      .references(() => bulkRejections.id, { onDelete: "cascade" }),
    signatureId: text("signature_id")
      .notNull()
      .references(() => signatures.id, { onDelete: "cascade" }),
    previousStatus: text("previous_status").$type<SignatureStatus>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.bulkRejectionId, table.signatureId] }), index("bulk_rejection_items_signature_idx").on(table.signatureId)],
);

export type BulkRejection = typeof bulkRejections.$inferSelect;
