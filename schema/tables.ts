import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type {
  AuditEntity,
  Authenticated,
  BlockKind,
  BotPolicy,
  CampaignStatus,
  HeldReason,
  EmailTemplate,
  LetterTranslation,
  Locale,
  Moderation,
  Notifications,
  OrganizerRole,
  OutboxStatus,
  RejectionReason,
  SignatureStatus,
  SignerKind,
} from "../contract";

export type { AuditEntity, Authenticated, BlockKind, BotPolicy, CampaignStatus, HeldReason, EmailTemplate, LetterTranslation, Locale, Moderation, OutboxStatus, RejectionReason, SignatureStatus, SignerKind };

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
    /** `drop`: bots get the usual 202 and nothing is kept; `flag`: kept as rejected, reason `bot`. */
    botPolicy: text("bot_policy").$type<BotPolicy>().notNull().default("drop"),
    /** Where signers' replies to its emails go: the coalition's own address, not the platform's sender. */
    replyTo: text("reply_to"),
    /** IANA time zone in which deadlines and dates are shown and imported timestamps read. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Published signatures wanted per country (ISO 3166-1 alpha-2 → count): the dashboard's coverage. */
    countryTargets: text("country_targets", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
    /** The letter's version: bumped when its text changes after someone signed. */
    version: integer("version").notNull().default(1),
    /** Published signatures, kept by triggers so that no read counts rows. */
    signatureCount: integer("signature_count").notNull().default(0),
    /** Bumped by triggers whenever the public list changes; the list's ETag. */
    listVersion: integer("list_version").notNull().default(0),
    /** Published signatories that asked not to be named (counted in `signatureCount`), kept by triggers. */
    unnamedCount: integer("unnamed_count").notNull().default(0),
    /** Show publicly which entries confirmed from their own website's domain or were checked by organizers. */
    showAuthenticity: integer("show_authenticity", { mode: "boolean" }).notNull().default(false),
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
    /**
     * The organization key on confusable skeletons (UTS #39): where look-alike spellings ("Оxfam"
     * with a Cyrillic "О") collide. Empty for entries stored before it existed.
     */
    lookAlikeKey: text("look_alike_key").notNull().default(""),
    contactName: text("contact_name"),
    contactTitle: text("contact_title"),
    email: text("email"),
    emailDomain: text("email_domain"),
    locale: text("locale").$type<Locale>().notNull().default("en"),
    /** Where it came from: `widget:<origin>`, `api`, `import:<file>`, `seed`. */
    source: text("source").notNull(),
    /** The partner that brought the sign-on (the widget's `partner`, the hosted page's `?ref=`), lower-cased; null: direct. */
    partner: text("partner"),
    letterVersion: integer("letter_version").notNull(),
    status: text("status").$type<SignatureStatus>().notNull().default("pending"),
    /** Why a verified signature waits for an organizer. */
    heldReason: text("held_reason").$type<HeldReason>(),
    rejectedReason: text("rejected_reason").$type<RejectionReason>(),
    /** Set when an organizer merged this signature into another (kept) one. */
    duplicateOf: text("duplicate_of"),
    /** An organizer looked at this signature's possible duplicates and kept both. */
    duplicatesReviewedAt: integer("duplicates_reviewed_at", { mode: "timestamp_ms" }),
    /** The signer asked not to be named publicly: counted, never listed by name outside the organizers' side. */
    unnamed: integer("unnamed", { mode: "boolean" }).notNull().default(false),
    /**
     * Why the entry may carry the public mark of authenticity: `domain`, confirmed from an address at
     * its website's domain (decided at confirmation, before retention erases the address);
     * `organizer`, granted by organizers after their own check. Shown only where the campaign shows it.
     */
    authenticated: text("authenticated").$type<Authenticated>(),
    /**
     * A correction the signer asked for through their manage link that waits for the organizers (a
     * new name, or any change to a listed entry of a moderated campaign): the listed entry stays as
     * it is until they approve it.
     */
    pendingCorrection: text("pending_correction", { mode: "json" }).$type<PendingCorrection>(),
    /** The signer asked for no more updates about this letter (the unsubscribe link in an update). */
    updatesUnsubscribedAt: integer("updates_unsubscribed_at", { mode: "timestamp_ms" }),
    /**
     * When the cron settled this pending sign-on's one reminder: sent, or not to be sent (campaign
     * closed, address blocked, bounced or complained). Never looked at again either way.
     */
    remindedAt: integer("reminded_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
    verifiedAt: integer("verified_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    index("signatures_public_list_idx").on(table.campaignId, table.status, table.sortKey, table.id),
    index("signatures_country_list_idx").on(table.campaignId, table.status, table.country, table.sortKey, table.id),
    // One entry per signer and organization; its first two columns also find an organization's
    // entries (namesakes, duplicates, imports), so that no other index is written per sign-on for them.
    uniqueIndex("signatures_signer_unique").on(table.campaignId, table.organizationKey, table.email),
    index("signatures_status_created_idx").on(table.status, table.createdAt),
    index("signatures_campaign_status_created_idx").on(table.campaignId, table.status, table.createdAt, table.id),
    index("signatures_campaign_domain_idx").on(table.campaignId, table.emailDomain),
    // Exports of every status, in name order, a keyset page at a time.
    index("signatures_campaign_sort_idx").on(table.campaignId, table.sortKey, table.id),
    // Confirmations look for published look-alikes of the name they publish.
    index("signatures_campaign_look_alike_idx").on(table.campaignId, table.lookAlikeKey),
    // The reminder's scan: pending sign-ons not yet reminded, oldest first, never the reminded ones.
    index("signatures_reminder_idx").on(table.status, table.remindedAt, table.createdAt),
  ],
);

/** What one sign-on sent: the public fields it would publish, the contact, the language and where it came from. */
export interface SignOnDetails {
  kind: SignerKind;
  name: string;
  affiliation: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  website: string | null;
  members: string[];
  contactName: string | null;
  contactTitle: string | null;
  locale: Locale;
  source: string;
  /** The partner that brought it; absent in links mailed before partners were recorded. */
  partner?: string | null;
  /** Not to be named publicly; absent in links mailed before it existed. */
  unnamed?: boolean;
  /** Agreed to hear about the coalition's future letters: kept (schema/coalition.ts) once this link confirms. */
  coalitionConsent?: boolean;
}

/** A signer's correction waiting for the organizers: the public fields it would publish. */
export interface PendingCorrection {
  fields: Pick<SignOnDetails, "name" | "city" | "region" | "country" | "website" | "members">;
  requestedAt: string;
  /** The new name imitates a listed organization (a look-alike from another email domain) or mixes scripts. */
  possibleImpersonation: boolean;
}

export type TokenPurpose = "verify" | "withdraw" | "login" | "unsubscribe" | "manage";

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
    /**
     * A verification link's sign-on as it was sent: what that link confirms and its page shows, so
     * that details sent later by anyone are confirmed only by the link mailed with them. Blanked
     * once the signature is confirmed.
     */
    details: text("details", { mode: "json" }).$type<SignOnDetails>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("tokens_hash_unique").on(table.hash), index("tokens_signature_idx").on(table.signatureId)],
);

/** `failed`: given up after the last retry. `bounced`, `complained`: reported by Resend's webhook. */

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
    replyTo: text("reply_to"),
    /** For a signer's email: who it is from, the campaign's name; sent as "<name> via <MAIL_FROM's name>". */
    senderName: text("sender_name"),
    /** For updates: the one-click unsubscribe address (RFC 8058), sent as List-Unsubscribe. */
    listUnsubscribe: text("list_unsubscribe"),
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
    // Deleting or erasing a signature finds its emails (the reference set to null, retention's purge
    // and erasure): without it, each deleted signature reads the whole outbox.
    index("outbox_signature_idx").on(table.signatureId),
    // How many emails one address received lately: the daily cap on what sign-ons send it.
    index("outbox_recipient_created_idx").on(table.recipient, table.createdAt),
  ],
);

export const organizers = sqliteTable(
  "organizers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-cased: sign-in links go here. */
    email: text("email").notNull(),
    name: text("name"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("organizers_email_unique").on(table.email)],
);

/** How an organizer hears about new signatures on one campaign. */
export type NotificationPreference = Notifications;

export const campaignMemberships = sqliteTable(
  "campaign_memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizerId: integer("organizer_id")
      .notNull()
      .references(() => organizers.id, { onDelete: "cascade" }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    notifications: text("notifications").$type<NotificationPreference>().notNull().default("daily"),
    /** What this organizer may do on this campaign. Members from before roles existed became owners. */
    role: text("role").$type<OrganizerRole>().notNull().default("owner"),
    /** Signatures confirmed up to this time have been notified (or summarized in a digest). */
    notifiedThrough: integer("notified_through", { mode: "timestamp_ms" }).notNull().default(now),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    uniqueIndex("campaign_memberships_unique").on(table.organizerId, table.campaignId),
    index("campaign_memberships_campaign_idx").on(table.campaignId),
  ],
);

/** A console session: the cookie holds the secret, this table only its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    hash: text("hash").notNull(),
    organizerId: integer("organizer_id")
      .notNull()
      .references(() => organizers.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("sessions_hash_unique").on(table.hash), index("sessions_expires_idx").on(table.expiresAt)],
);

/** Bearer tokens for scripts: stored hashed, revoked rather than deleted so that audits still name them. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    hash: text("hash").notNull(),
    organizerId: integer("organizer_id")
      .notNull()
      .references(() => organizers.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("api_tokens_hash_unique").on(table.hash), index("api_tokens_organizer_idx").on(table.organizerId)],
);

/** Emailed sign-in links: hashed, single use, minutes-long. */
export const loginLinks = sqliteTable(
  "login_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    hash: text("hash").notNull(),
    organizerId: integer("organizer_id")
      .notNull()
      .references(() => organizers.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("login_links_hash_unique").on(table.hash)],
);


/** What organizers changed: who, when, and the fields before and after. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizerId: integer("organizer_id").references(() => organizers.id, { onDelete: "set null" }),
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    entity: text("entity").$type<AuditEntity>().notNull(),
    entityId: text("entity_id").notNull(),
    /** e.g. `update`, `approve`, `reject`, `merge`, `import`, `create`, `delete`. */
    action: text("action").notNull(),
    before: text("before", { mode: "json" }).$type<Record<string, unknown> | null>(),
    after: text("after", { mode: "json" }).$type<Record<string, unknown> | null>(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    index("audit_log_campaign_idx").on(table.campaignId, table.createdAt),
    index("audit_log_entity_idx").on(table.entity, table.entityId),
  ],
);


/** Sign-ons from these addresses or domains get the usual answer and are not kept. */
export const blocklist = sqliteTable(
  "blocklist",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    kind: text("kind").$type<BlockKind>().notNull(),
    /** Lower-cased address or domain. */
    value: text("value").notNull(),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [uniqueIndex("blocklist_campaign_value_unique").on(table.campaignId, table.kind, table.value)],
);

export type Organizer = typeof organizers.$inferSelect;
export type CampaignMembership = typeof campaignMemberships.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type BlocklistEntry = typeof blocklist.$inferSelect;
export type Campaign = typeof campaigns.$inferSelect;
export type Signature = typeof signatures.$inferSelect;
export type OutboxEmail = typeof outbox.$inferSelect;
