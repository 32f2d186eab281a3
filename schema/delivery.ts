import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Locale } from "../contract";
import { campaigns, organizers } from "./tables";

/** The letter's life after collection: delivered, answered, reported back to its signers. */

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

/**
 * When the letter went to whom and how. After it the list is frozen; the fingerprint is SHA-256
 * over the canonical text of the letter and its published list (worker/services/delivery.ts).
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }).notNull(),
    /** To whom, as the organizers name them: "President Joseph R. Biden", "Office of the Prime Minister". */
    recipients: text("recipients", { mode: "json" }).$type<string[]>().notNull(),
    /** How: `email`, `in-person`, `post`, `online-form`, `other`. */
    method: text("method").notNull(),
    note: text("note"),
    letterVersion: integer("letter_version").notNull(),
    signatureCount: integer("signature_count").notNull(),
    fingerprint: text("fingerprint").notNull(),
    organizerId: integer("organizer_id").references(() => organizers.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("deliveries_campaign_unique").on(table.campaignId)],
);

/** What the targets answered, with a summary in each of the campaign's languages. */
export const responses = sqliteTable(
  "responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    respondent: text("respondent").notNull(),
    respondedOn: text("responded_on").notNull(),
    summary: text("summary", { mode: "json" }).$type<Partial<Record<Locale, string>>>().notNull(),
    url: text("url"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [index("responses_campaign_idx").on(table.campaignId, table.respondedOn)],
);

export type UpdateStatus = "sending" | "sent";

/**
 * A message from the organizers to every signatory whose contact is still kept, in their
 * language. The cron queues it a page at a time (`cursor`: the last signature reached) and the
 * outbox sends it, so that 10,000 recipients never hold up a request.
 */
export const updates = sqliteTable(
  "updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    subject: text("subject", { mode: "json" }).$type<Partial<Record<Locale, string>>>().notNull(),
    body: text("body", { mode: "json" }).$type<Partial<Record<Locale, string>>>().notNull(),
    status: text("status").$type<UpdateStatus>().notNull().default("sending"),
    recipients: integer("recipients").notNull(),
    queued: integer("queued").notNull().default(0),
    /** The last signature queued so far, as `sortKey` and id (JSON): where the next page starts. */
    cursor: text("cursor", { mode: "json" }).$type<{ sortKey: string; id: string }>(),
    /** The deployment's origin when the update was written, for the links in each email. */
    baseUrl: text("base_url").notNull().default(""),
    organizerId: integer("organizer_id").references(() => organizers.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    queuedAt: integer("queued_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("updates_status_idx").on(table.status)],
);

export type Delivery = typeof deliveries.$inferSelect;
export type LetterResponse = typeof responses.$inferSelect;
export type Update = typeof updates.$inferSelect;
