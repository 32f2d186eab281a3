import { and, eq, exists, sql, type SQL } from "drizzle-orm";
import type { Delivery, WebhookEventType, WebhookPayload } from "../../contract";
import { campaigns, signatures, type Campaign, type Signature, type SignatureStatus } from "../../schema/tables";
import { webhookDeliveries, webhookEndpoints } from "../../schema/webhooks";
import type { Database } from "../env";
import { insertWhere } from "../lib/insert-where";
import { newId } from "../lib/tokens";
import { publicSignature } from "../queries/signatures";

/**
 * Webhook events, written as a delivery row per subscribed endpoint by one INSERT … SELECT that
 * joins the batch of the change it tells of: an event exists exactly when its change does, and a
 * campaign without endpoints pays an index lookup and writes nothing. The cron sends them
 * (worker/services/webhooks.ts).
 */

export const newMessageId = () => `msg_${newId()}`;

const contactOf = (signature: Signature) => ({ name: signature.contactName, title: signature.contactTitle, email: signature.email });

/** The entry as organizers' endpoints read it: named even when it asked not to be, and marked so; its mark as recorded. */
const signaturePart = (signature: Signature) => ({
  ...publicSignature(signature, { showAuthenticity: true }),
  unnamed: signature.unnamed,
  partner: signature.partner,
});

/** The campaign as events describe it; `count` and `status` are read when the statement runs, after the change. */
const campaignPart = (campaign: Campaign) => ({ slug: campaign.slug, title: campaign.title, status: campaign.status, count: campaign.signatureCount });

interface QueuedEvent {
  payload: WebhookPayload;
  /** A signature event's contact, for the endpoints that asked for it. */
  contact?: { name: string | null; title: string | null; email: string | null };
}

/**
 * Queues each event for every endpoint of the campaign subscribed to its type, with the contact
 * only where the endpoint asked for it: one statement however many events (an import publishes
 * hundreds), the events passed as one JSON parameter. `happened`, when given, must hold once the
 * batch's earlier statements ran: a change that did not take (a concurrent request made it first)
 * tells nothing.
 */
function queueEvents(db: Database, campaignId: number, events: QueuedEvent[], happened?: SQL) {
  const rows = events.map(({ payload, contact }) => ({
    id: newMessageId(),
    type: payload.type,
    public: payload,
    full: contact && "signature" in payload.data ? { ...payload, data: { ...payload.data, signature: { ...payload.data.signature, contact } } } : payload,
  }));
  const field = (path: string) => sql.raw(`json_extract(event.value, '${path}')`);
  const current = (column: typeof campaigns.signatureCount | typeof campaigns.status) => sql`(select ${column} from ${campaigns} where ${campaigns.id} = ${campaignId})`;
  return insertWhere(
    db,
    webhookDeliveries,
    {
      messageId: field("$.id"),
      endpointId: webhookEndpoints.id,
      type: field("$.type"),
      // The campaign's count and status as the batch leaves them.
      payload: sql`json_set(case when ${webhookEndpoints.includeContacts} then ${field("$.full")} else ${field("$.public")} end, '$.data.campaign.count', ${current(campaigns.signatureCount)}, '$.data.campaign.status', ${current(campaigns.status)})`,
    },
    sql`json_each(${JSON.stringify(rows)}) as event, ${webhookEndpoints}`,
    and(
      eq(webhookEndpoints.campaignId, campaignId),
      sql`exists (select 1 from json_each(${webhookEndpoints.events}) where value = ${field("$.type")})`,
      happened,
    ),
  );
}

/** Holds once the batch left the signature in `status`, changed at `at` (by this request, not another). */
export const signatureBecame = (db: Database, signatureId: string, status: SignatureStatus, at: Date) =>
  exists(
    db
      .select({ id: signatures.id })
      .from(signatures)
      .where(and(eq(signatures.id, signatureId), eq(signatures.status, status), eq(signatures.updatedAt, at))),
  );

/** Holds once the batch left the campaign in `status`, changed at `at`. */
export const campaignBecame = (db: Database, campaignId: number, status: Campaign["status"], at: Date) =>
  exists(
    db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.status, status), eq(campaigns.updatedAt, at))),
  );

type SignatureEventType = Extract<WebhookEventType, `signature.${string}`>;

/**
 * A signature event. `signature` is the entry as the change leaves it; `changes`, for
 * `signature.corrected`, the public fields before and after.
 */
export function signatureEvent(
  db: Database,
  type: SignatureEventType,
  campaign: Campaign,
  signature: Signature,
  options: { at: Date; happened?: SQL; changes?: { before: Record<string, unknown>; after: Record<string, unknown> } },
) {
  const timestamp = options.at.toISOString();
  const data = { campaign: campaignPart(campaign), signature: signaturePart(signature) };
  const payload: WebhookPayload =
    type === "signature.corrected" ? { type, timestamp, data: { ...data, changes: options.changes ?? { before: {}, after: {} } } } : { type, timestamp, data };
  return queueEvents(db, campaign.id, [{ payload, contact: contactOf(signature) }], options.happened);
}

/** `signature.published` for entries published together (an import), in one statement. */
export function signaturesPublishedEvent(db: Database, campaign: Campaign, published: Signature[], at: Date) {
  const timestamp = at.toISOString();
  return queueEvents(
    db,
    campaign.id,
    published.map((signature) => ({
      payload: { type: "signature.published", timestamp, data: { campaign: campaignPart(campaign), signature: signaturePart(signature) } },
      contact: contactOf(signature),
    })),
  );
}

export function campaignClosedEvent(db: Database, campaign: Campaign, options: { at: Date; happened?: SQL }) {
  return queueEvents(db, campaign.id, [{ payload: { type: "campaign.closed", timestamp: options.at.toISOString(), data: { campaign: campaignPart(campaign) } } }], options.happened);
}

/** For the letter's delivery: its record, in the batch that freezes the list. */
export function campaignDeliveredEvent(db: Database, campaign: Campaign, delivery: Delivery, options: { at: Date; happened?: SQL }) {
  const payload: WebhookPayload = { type: "campaign.delivered", timestamp: options.at.toISOString(), data: { campaign: campaignPart(campaign), delivery } };
  return queueEvents(db, campaign.id, [{ payload }], options.happened);
}
