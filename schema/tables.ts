import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export type Locale = "en" | "es" | "fr";
export type CampaignStatus = "draft" | "open" | "closed";
export type Moderation = "publish" | "hold";
export type SignerKind = "organization" | "individual";
export type SignatureStatus = "pending" | "verified" | "published" | "held" | "rejected" | "withdrawn";

/** A translation of the letter; any field left out falls back to the campaign's own. */
export interface LetterTranslation {
  title?: string;
  body?: string;
  addressees?: string[];
  cc?: string[];
  salutation?: string;
}

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    addressees: text("addressees", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    cc: text("cc", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    salutation: text("salutation"),
    letterDate: text("letter_date"),
    language: text("language").$type<Locale>().notNull().default("en"),
    translations: text("translations", { mode: "json" })
      .$type<Partial<Record<Locale, LetterTranslation>>>()
      .notNull()
      .default(sql`'{}'`),
    status: text("status").$type<CampaignStatus>().notNull().default("draft"),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }),
    moderation: text("moderation").$type<Moderation>().notNull().default("publish"),
    signerKinds: text("signer_kinds", { mode: "json" }).$type<SignerKind[]>().notNull().default(sql`'["organization"]'`),
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    version: integer("version").notNull().default(1),
    /** Published signatures, kept by triggers so that no read counts rows. */
    signatureCount: integer("signature_count").notNull().default(0),
    /** Bumped by triggers whenever the public list changes; the list's ETag. */
    listVersion: integer("list_version").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("campaigns_slug_unique").on(table.slug)],
);

export const signatures = sqliteTable(
  "signatures",
  {
    id: text("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    kind: text("kind").$type<SignerKind>().notNull().default("organization"),
    /** Who signs: the organization's name, or the individual's, as typed. */
    name: text("name").notNull(),
    /** For individuals: the affiliation shown next to the name. */
    affiliation: text("affiliation"),
    city: text("city"),
    region: text("region"),
    country: text("country"),
    website: text("website"),
    members: text("members", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Accent-, case- and punctuation-folded name used to order the list (keyset pagination). */
    sortKey: text("sort_key").notNull(),
    /** Folded name plus legal suffixes removed: how organization-level duplicates are found. */
    organizationKey: text("organization_key").notNull(),
    /** Folded name, members and city: what the public search matches. */
    searchText: text("search_text").notNull(),
    contactName: text("contact_name"),
    contactTitle: text("contact_title"),
    email: text("email"),
    emailDomain: text("email_domain"),
    locale: text("locale").$type<Locale>().notNull().default("en"),
    /** Where it came from: `widget:<origin>`, `api`, `import:<file>`, `seed`. */
    source: text("source").notNull(),
    letterVersion: integer("letter_version").notNull(),
    status: text("status").$type<SignatureStatus>().notNull().default("pending"),
    /** Why a verified signature waits for an organizer, e.g. `duplicate-name`. */
    heldReason: text("held_reason"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    index("signatures_public_list_idx").on(table.campaignId, table.status, table.sortKey, table.id),
    index("signatures_country_list_idx").on(table.campaignId, table.status, table.country, table.sortKey, table.id),
    index("signatures_organization_key_idx").on(table.campaignId, table.organizationKey),
    uniqueIndex("signatures_signer_unique").on(table.campaignId, table.email, table.organizationKey),
    index("signatures_status_created_idx").on(table.status, table.createdAt),
  ],
);

export type TokenPurpose = "verify" | "withdraw" | "login";

export const tokens = sqliteTable(
  "tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** SHA-256 of the token; the token itself is only ever in the email. */
    hash: text("hash").notNull(),
    purpose: text("purpose").$type<TokenPurpose>().notNull(),
    signatureId: text("signature_id").references(() => signatures.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("tokens_hash_unique").on(table.hash), index("tokens_signature_idx").on(table.signatureId)],
);

/** `failed`: given up after the last retry. `bounced`, `complained`: reported by Resend's webhook. */
export type OutboxStatus = "queued" | "sent" | "failed" | "local" | "bounced" | "complained";
export type EmailTemplate = "verify" | "already-signed" | "confirmed" | "login" | "notice";

export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    recipient: text("recipient").notNull(),
    template: text("template").$type<EmailTemplate>().notNull(),
    locale: text("locale").$type<Locale>().notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    signatureId: text("signature_id").references(() => signatures.id, { onDelete: "set null" }),
    status: text("status").$type<OutboxStatus>().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    providerId: text("provider_id"),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(now),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (table) => [
    index("outbox_status_next_idx").on(table.status, table.nextAttemptAt),
    index("outbox_created_idx").on(table.createdAt),
  ],
);

export type Campaign = typeof campaigns.$inferSelect;
export type Signature = typeof signatures.$inferSelect;
export type OutboxEmail = typeof outbox.$inferSelect;
