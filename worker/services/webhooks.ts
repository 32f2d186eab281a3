import type { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { WEBHOOK_TEST_EVENT, type WebhookDelivery, type WebhookEndpoint, type WebhookEndpointCreate, type WebhookPayload } from "../../contract";
import type { Campaign } from "../../schema/tables";
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  type WebhookAttemptTrigger,
  type WebhookDeliveryRow,
  type WebhookEndpointRow,
} from "../../schema/webhooks";
import type { Bindings, Database } from "../env";
import { notFound, Problem } from "../lib/problem";
import { newId } from "../lib/tokens";
import { audit } from "../queries/organizers";
import { newMessageId } from "./webhook-events";

/**
 * Webhook endpoints and the sending of their deliveries, after the Standard Webhooks
 * specification: each attempt is signed afresh (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) over the same stored body. docs/webhooks.md says why the queue is a D1
 * table drained by the cron.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The wait after each failed attempt; after the last, the delivery is given up: 27 h 36 min in all. */
export const WEBHOOK_RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const MAX_WEBHOOK_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;

/** Deliveries and their attempts are kept this long, then deleted: payloads may carry contact data. */
export const WEBHOOK_LOG_RETENTION_MS = 30 * 24 * HOUR;

/** An endpoint answers within this, or the attempt fails. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** A campaign has at most this many endpoints. */
const MAX_ENDPOINTS = 10;
/** The cron claims this many due deliveries at a time… */
const CLAIM_SIZE = 50;
/** …for this long: a second cron run meanwhile leaves them alone. */
const CLAIM_MS = 5 * MINUTE;
/** Endpoints sent to at once: a Worker keeps six connections open at a time. */
const PARALLEL_ENDPOINTS = 6;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** A signing secret as Standard Webhooks writes them: `whsec_` and 192 random bits in base64. */
export const newWebhookSecret = () => `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(24)))}`;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Endpoints are HTTPS. In development (and the tests, which run in it), plain HTTP to this
 * machine too, where a receiver under test listens.
 */
function refuseUrl(env: Bindings, address: string) {
  const url = new URL(address);
  const local = env.ENVIRONMENT === "development" && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  const message = url.username || url.password ? "must not carry a user name or password" : url.protocol !== "https:" && !local ? "must be an https:// address" : null;
  if (message) {
    throw new Problem(422, { title: "Invalid fields", type: "invalid-fields", errors: [{ field: "url", pointer: "/url", code: "invalid_url", message }] });
  }
}

export function endpointView(row: WebhookEndpointRow): WebhookEndpoint {
  return { id: row.id, url: row.url, events: row.events, includeContacts: row.includeContacts, description: row.description, createdAt: row.createdAt.toISOString() };
}

/** What the audit log keeps of an endpoint: never its secret. */
const audited = (row: Pick<WebhookEndpointRow, "url" | "events" | "includeContacts" | "description">) => ({
  url: row.url,
  events: row.events,
  includeContacts: row.includeContacts,
  description: row.description,
});

export function listEndpoints(db: Database, campaignId: number) {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.campaignId, campaignId)).orderBy(asc(webhookEndpoints.createdAt)).all();
}

export async function findEndpoint(db: Database, campaignId: number, id: string) {
  const endpoint = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.campaignId, campaignId)))
    .get();
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

/** Registers an endpoint; the answer carries its secret, which nothing shows again. */
export async function createEndpoint(env: Bindings, db: Database, organizerId: number, campaign: Campaign, input: z.output<typeof WebhookEndpointCreate>) {
  refuseUrl(env, input.url);
  const existing = await db.select({ count: sql<number>`count(*)` }).from(webhookEndpoints).where(eq(webhookEndpoints.campaignId, campaign.id)).get();
  if ((existing?.count ?? 0) >= MAX_ENDPOINTS) {
    throw new Problem(409, { title: `A campaign has at most ${MAX_ENDPOINTS} webhook endpoints`, detail: "Remove one first.", type: "conflict" });
  }
  const row = {
    id: newId(),
    campaignId: campaign.id,
    url: input.url,
    events: [...new Set(input.events)],
    includeContacts: input.includeContacts,
    description: input.description ?? null,
    secret: newWebhookSecret(),
    createdBy: organizerId,
  };
  const [[created]] = await db.batch([
    db.insert(webhookEndpoints).values(row).returning(),
    audit(db, { organizerId, campaignId: campaign.id, entity: "webhook", entityId: row.id, action: "create", after: audited(row) }),
  ]);
  return { ...endpointView(created), secret: created.secret };
}

/** Removes an endpoint with its deliveries (its log goes with it). */
export async function deleteEndpoint(db: Database, organizerId: number, campaign: Campaign, endpoint: WebhookEndpointRow) {
  await db.batch([
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)),
    audit(db, { organizerId, campaignId: campaign.id, entity: "webhook", entityId: endpoint.id, action: "delete", before: audited(endpoint) }),
  ]);
}

interface AttemptResult {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** One signed POST of a delivery's stored body; a 2xx answer is success, anything else a failure. */
async function post(endpoint: Pick<WebhookEndpointRow, "url" | "secret">, delivery: Pick<WebhookDeliveryRow, "messageId" | "payload">): Promise<AttemptResult> {
  const sentAt = new Date();
  const started = Date.now();
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Undersigned-Webhooks/1",
        "webhook-id": delivery.messageId,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": new Webhook(endpoint.secret).sign(delivery.messageId, sentAt, delivery.payload),
      },
      body: delivery.payload,
      // A redirect is the endpoint's mistake to fix, not a place to send contact data to.
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, responseStatus: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: Date.now() - started };
  } catch (error) {
    return { ok: false, responseStatus: null, error: String(error instanceof Error ? error.message : error).slice(0, 300), durationMs: Date.now() - started };
  }
}

/**
 * The attempt's record and the delivery's next state, in one batch. A scheduled attempt spends one
 * of the delivery's attempts and, failing, waits its turn in `WEBHOOK_RETRY_DELAYS_MS`; a replay
 * spends none and changes nothing but success; a test send that fails is not retried.
 */
function recordAttempt(db: Database, delivery: WebhookDeliveryRow, trigger: WebhookAttemptTrigger, result: AttemptResult, now: Date) {
  const attempts = trigger === "schedule" ? delivery.attempts + 1 : delivery.attempts;
  const next = result.ok
    ? { status: "delivered" as const, deliveredAt: now }
    : trigger === "test"
      ? { status: "failed" as const }
      : trigger === "replay"
        ? {}
        : attempts >= MAX_WEBHOOK_ATTEMPTS
          ? { status: "failed" as const }
          : { nextAttemptAt: new Date(now.getTime() + WEBHOOK_RETRY_DELAYS_MS[attempts - 1]) };
  return [
    db.insert(webhookAttempts).values({ deliveryId: delivery.id, trigger, responseStatus: result.responseStatus, error: result.error, durationMs: result.durationMs, attemptedAt: now }),
    db.update(webhookDeliveries).set({ attempts, ...next }).where(eq(webhookDeliveries.id, delivery.id)),
  ] as const;
}

async function attemptNow(db: Database, endpoint: WebhookEndpointRow, delivery: WebhookDeliveryRow, trigger: WebhookAttemptTrigger) {
  const result = await post(endpoint, delivery);
  await db.batch(recordAttempt(db, delivery, trigger, result, new Date()));
  return result;
}

/** Sends one endpoint's claimed deliveries oldest first; once one fails, the rest wait for its next attempt. */
async function sendInOrder(db: Database, endpoint: WebhookEndpointRow, deliveries: WebhookDeliveryRow[], now: Date) {
  for (const [index, delivery] of deliveries.entries()) {
    const result = await post(endpoint, delivery);
    const recorded = recordAttempt(db, delivery, "schedule", result, now);
    if (result.ok) {
      await db.batch(recorded);
      continue;
    }
    // A receiver that is down fails them all: one attempt says so, the others keep their attempts.
    const retryAt = new Date(now.getTime() + WEBHOOK_RETRY_DELAYS_MS[Math.min(delivery.attempts, WEBHOOK_RETRY_DELAYS_MS.length - 1)]);
    const waiting = deliveries.slice(index + 1).map((other) => other.id);
    await db.batch([...recorded, ...(waiting.length ? [db.update(webhookDeliveries).set({ nextAttemptAt: retryAt }).where(inArray(webhookDeliveries.id, waiting))] : [])]);
    return;
  }
}

/**
 * Cron: claims the due deliveries a page at a time and sends them, each endpoint's oldest event
 * first, up to six endpoints at once.
 */
export async function deliverDueWebhooks(db: Database, now = new Date(), maxPages = 5) {
  for (let page = 0; page < maxPages; page++) {
    const due = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(CLAIM_SIZE);
    const claimed = await db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(webhookDeliveries.id, due))
      .returning();
    if (!claimed.length) break;
    const endpointIds = [...new Set(claimed.map((delivery) => delivery.endpointId))];
    const endpoints = await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, endpointIds)).all();
    const queues = endpoints.map((endpoint) => ({
      endpoint,
      deliveries: claimed.filter((delivery) => delivery.endpointId === endpoint.id).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id),
    }));
    for (let start = 0; start < queues.length; start += PARALLEL_ENDPOINTS) {
      await Promise.all(queues.slice(start, start + PARALLEL_ENDPOINTS).map(({ endpoint, deliveries }) => sendInOrder(db, endpoint, deliveries, now)));
    }
    if (claimed.length < CLAIM_SIZE) break;
  }
}

/** Sends a delivery again now, under the same `webhook-id`, whatever its state. */
export async function replayDelivery(db: Database, endpoint: WebhookEndpointRow, deliveryId: number) {
  const delivery = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)))
    .get();
  if (!delivery) throw notFound("Webhook delivery");
  await attemptNow(db, endpoint, delivery, "replay");
  return deliveryView(db, delivery.id);
}

/** A `webhook.test` event to this endpoint alone, sent now and logged like any other. */
export async function sendTest(db: Database, campaign: Campaign, endpoint: WebhookEndpointRow) {
  const payload: WebhookPayload = {
    type: WEBHOOK_TEST_EVENT,
    timestamp: new Date().toISOString(),
    data: { campaign: { slug: campaign.slug, title: campaign.title, status: campaign.status, count: campaign.signatureCount } },
  };
  // Claimed by this request from the start, as the cron claims what it sends: the cron leaves it alone.
  const [delivery] = await db
    .insert(webhookDeliveries)
    .values({ messageId: newMessageId(), endpointId: endpoint.id, type: payload.type, payload: JSON.stringify(payload), nextAttemptAt: new Date(Date.now() + CLAIM_MS) })
    .returning();
  await attemptNow(db, endpoint, delivery, "test");
  return deliveryView(db, delivery.id);
}

/** Deliveries with their attempts, as the console's log shows them. */
function deliveryViews(deliveries: WebhookDeliveryRow[], attempts: Array<typeof webhookAttempts.$inferSelect>): WebhookDelivery[] {
  return deliveries.map((delivery) => ({
    id: delivery.id,
    messageId: delivery.messageId,
    type: delivery.type,
    status: delivery.status,
    payload: delivery.payload,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: delivery.status === "pending" ? delivery.nextAttemptAt.toISOString() : null,
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map((attempt) => ({
        at: attempt.attemptedAt.toISOString(),
        trigger: attempt.trigger,
        responseStatus: attempt.responseStatus,
        error: attempt.error,
        durationMs: attempt.durationMs,
      })),
  }));
}

async function deliveryView(db: Database, deliveryId: number) {
  const [deliveries, attempts] = await db.batch([
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)),
    db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, deliveryId)).orderBy(asc(webhookAttempts.id)),
  ]);
  const [view] = deliveryViews(deliveries, attempts);
  return view;
}

const LOG_PAGE = 100;

/** An endpoint's newest deliveries, each with its attempts. */
export async function listDeliveries(db: Database, endpointId: string) {
  const newest = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpointId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(LOG_PAGE);
  const [deliveries, attempts] = await db.batch([
    db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.id, newest)).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)),
    db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, newest)).orderBy(asc(webhookAttempts.id)),
  ]);
  return deliveryViews(deliveries, attempts);
}

/** Cron: deletes deliveries (and their attempts) older than the log's retention. */
export async function purgeWebhookLog(db: Database, now: Date) {
  await db.delete(webhookDeliveries).where(lt(webhookDeliveries.createdAt, new Date(now.getTime() - WEBHOOK_LOG_RETENTION_MS))).run();
}
