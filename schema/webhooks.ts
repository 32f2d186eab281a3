import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { WebhookEventType } from "../contract";
import { campaigns, organizers } from "./tables";

/** Webhooks: endpoints a campaign's owners registered, and every delivery to them with its attempts. */

const now = sql`(unixepoch('now', 'subsec') * 1000)`;

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    /** The owner chose that signature events carry the contact's name, title and email. */
    includeContacts: integer("include_contacts", { mode: "boolean" }).notNull().default(false),
    description: text("description"),
    /**
     * `whsec_…`, kept as is: each delivery is signed with it (HMAC), so it cannot be a hash. The
     * API shows it once, at creation.
     */
    secret: text("secret").notNull(),
    createdBy: integer("created_by").references(() => organizers.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [index("webhook_endpoints_campaign_idx").on(table.campaignId)],
);

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/**
 * One event for one endpoint: the durable queue and the log at once. Written in the same batch as
 * the change it tells of; the cron sends what is due (worker/services/webhooks.ts).
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** `webhook-id`: one per event, the same on every endpoint, attempt and replay. */
    messageId: text("message_id").notNull(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** The body exactly as sent, so that every attempt signs the same bytes. */
    payload: text("payload").notNull(),
    status: text("status").$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull().default(now),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_message_endpoint_unique").on(table.messageId, table.endpointId),
    index("webhook_deliveries_due_idx").on(table.status, table.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(table.endpointId, table.createdAt),
    index("webhook_deliveries_created_idx").on(table.createdAt),
  ],
);

export type WebhookAttemptTrigger = "schedule" | "replay" | "test";

/** Every try of a delivery: what the endpoint answered, or why it could not be reached. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    trigger: text("trigger").$type<WebhookAttemptTrigger>().notNull(),
    responseStatus: integer("response_status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    attemptedAt: integer("attempted_at", { mode: "timestamp_ms" }).notNull().default(now),
  },
  (table) => [index("webhook_attempts_delivery_idx").on(table.deliveryId)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
