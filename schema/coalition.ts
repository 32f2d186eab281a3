import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Locale } from "../contract";
import { campaigns, organizers } from "./tables";

/**
 * The coalition's memory: who agreed, when signing, to hear about its future letters. A campaign's
 * coalition is the campaigns that share an owner with it (worker/queries/coalition.ts).
 */

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

/**
 * One consent, written when a sign-on that gave it is confirmed (so only verified addresses are
 * kept). The only contact data that outlives a campaign's retention: retention leaves these rows
 * alone; the contact's unsubscribe or an owner's deletion removes them.
 */
export const coalitionContacts = sqliteTable(
  "coalition_contacts",
  {
    id: text("id").primaryKey(),
    /** The campaign signed when consenting; deleting it deletes the consents it gathered. */
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** The organization's name as signed, and its key: how a later signature of it is recognized. */
    organization: text("organization").notNull(),
    organizationKey: text("organization_key").notNull(),
    emailDomain: text("email_domain").notNull(),
    contactName: text("contact_name"),
    email: text("email").notNull(),
    locale: text("locale").$type<Locale>().notNull(),
    consentedAt: integer("consented_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    uniqueIndex("coalition_contacts_unique").on(table.campaignId, table.organizationKey, table.email),
    // An unsubscribe ends every consent of its address.
    index("coalition_contacts_email_idx").on(table.email),
  ],
);

/**
 * An invitation to sign a campaign sent to one consenting contact: never twice per campaign and
 * address. Its hash is the invitation's one-click unsubscribe; it holds no contact data itself.
 */
export const coalitionInvitations = sqliteTable(
  "coalition_invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** Null once the consent ended: the link then only says so. */
    contactId: text("contact_id").references(() => coalitionContacts.id, { onDelete: "set null" }),
    /** SHA-256 of the unsubscribe token; the token itself is only ever in the email. */
    hash: text("hash").notNull(),
    /** The language the email went out in, for its unsubscribe page once the contact is gone. */
    locale: text("locale").$type<Locale>().notNull(),
    /** The email, to erase when the consent ends. */
    outboxId: text("outbox_id"),
    invitedBy: integer("invited_by").references(() => organizers.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    uniqueIndex("coalition_invitations_hash_unique").on(table.hash),
    uniqueIndex("coalition_invitations_contact_unique").on(table.campaignId, table.contactId),
    index("coalition_invitations_contact_idx").on(table.contactId),
  ],
);

export type CoalitionContact = typeof coalitionContacts.$inferSelect;
export type CoalitionInvitation = typeof coalitionInvitations.$inferSelect;
