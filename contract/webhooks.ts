import { z } from "@hono/zod-openapi";
import { CampaignStatusSchema, SlugSchema, Timestamp, line } from "./common";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from "./constants";
import { DeliverySchema } from "./letter-life";
import { PublicSignatureSchema } from "./public";

/**
 * Webhooks: a campaign's owners register endpoints, and the worker posts events to them, signed
 * after the Standard Webhooks specification (https://www.standardwebhooks.com/).
 */

export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).openapi("WebhookEventType");

const slugParam = SlugSchema.openapi({ param: { name: "slug", in: "path" } });
const endpointId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const WebhookParams = z.object({ slug: slugParam, id: endpointId.openapi({ param: { name: "id", in: "path" } }) });
export const WebhookDeliveryParams = WebhookParams.extend({
  deliveryId: z.coerce.number().int().positive().openapi({ param: { name: "deliveryId", in: "path" } }),
});

export const WebhookEndpointCreate = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, message: "must be an https:// address" }).max(500).openapi({ example: "https://crm.coalition.example/hooks/undersigned" }),
    events: z.array(WebhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
    includeContacts: z
      .boolean()
      .default(false)
      .openapi({ description: "Whether signature events carry the contact's name, title and email; public fields only when false." }),
    description: line(200).optional(),
  })
  .openapi("WebhookEndpointCreate");
export type WebhookEndpointCreateRequest = z.input<typeof WebhookEndpointCreate>;

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(WebhookEventTypeSchema),
    includeContacts: z.boolean(),
    description: z.string().nullable(),
    createdAt: Timestamp,
  })
  .openapi("WebhookEndpoint");
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;
export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema) }).openapi("WebhookEndpointList");
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;
export const WebhookEndpointCreatedSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({ description: "`whsec_…`: the signing secret, shown this once.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
}).openapi("WebhookEndpointCreated");
export type WebhookEndpointCreated = z.infer<typeof WebhookEndpointCreatedSchema>;

export const WebhookAttemptSchema = z
  .object({
    at: Timestamp,
    trigger: z.enum(["schedule", "replay", "test"]).openapi({ description: "The retry schedule, a replay from the console, or a test send." }),
    responseStatus: z.number().int().nullable().openapi({ description: "The endpoint's HTTP status; null when it could not be reached." }),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .openapi("WebhookAttempt");
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

export const WebhookDeliveryStatusSchema = z.enum(["pending", "delivered", "failed"]);

export const WebhookDeliverySchema = z
  .object({
    id: z.number().int(),
    messageId: z.string().openapi({ description: "The `webhook-id` header: the same on every attempt and replay, for the receiver to deduplicate." }),
    type: z.string().openapi({ description: `An event type, or \`${WEBHOOK_TEST_EVENT}\`.` }),
    status: WebhookDeliveryStatusSchema,
    payload: z.string().openapi({ description: "The body as sent." }),
    createdAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
    nextAttemptAt: Timestamp.nullable().openapi({ description: "While pending: when the next attempt is due." }),
    attempts: z.array(WebhookAttemptSchema).openapi({ description: "Oldest first." }),
  })
  .openapi("WebhookDelivery");
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = z.object({ items: z.array(WebhookDeliverySchema).openapi({ description: "Newest first, at most 100." }) }).openapi("WebhookDeliveryList");
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;

// What endpoints receive.

const WebhookCampaignSchema = z.object({
  slug: z.string(),
  title: z.string(),
  status: CampaignStatusSchema,
  count: z.number().int().openapi({ description: "Published signatures when the event happened." }),
});

const WebhookSignatureSchema = PublicSignatureSchema.extend({
  unnamed: z.boolean().openapi({ description: "The signatory asked not to be named publicly: counted, never listed on public surfaces. Do not publish its name." }),
  partner: z.string().nullable().openapi({ description: "The partner whose embed (`partner` attribute) or link (`?ref=`) brought the sign-on; null when none did.", example: "red-migrante" }),
  contact: z
    .object({ name: z.string().nullable(), title: z.string().nullable(), email: z.string().nullable() })
    .optional()
    .openapi({ description: "Only to endpoints registered with `includeContacts: true`." }),
});

const envelope = <Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({
    type: z.literal(type),
    timestamp: Timestamp.openapi({ description: "When the event happened; the same on every attempt." }),
    data,
  });

const signatureData = z.object({ campaign: WebhookCampaignSchema, signature: WebhookSignatureSchema });
const campaignData = z.object({ campaign: WebhookCampaignSchema });

export const WEBHOOK_PAYLOADS = {
  "signature.published": envelope("signature.published", signatureData).openapi("SignaturePublishedEvent", {
    description: "A signature joined the public list: its signer confirmed, an organizer approved it, or an import added it.",
  }),
  "signature.withdrawn": envelope("signature.withdrawn", signatureData).openapi("SignatureWithdrawnEvent", {
    description: "A signer took their signature off the list.",
  }),
  "signature.corrected": envelope(
    "signature.corrected",
    signatureData.extend({
      changes: z.object({ before: z.record(z.string(), z.unknown()), after: z.record(z.string(), z.unknown()) }).openapi({ description: "The public fields an organizer changed." }),
    }),
  ).openapi("SignatureCorrectedEvent", { description: "An organizer corrected the public fields of a listed signature." }),
  "campaign.closed": envelope("campaign.closed", campaignData).openapi("CampaignClosedEvent", {
    description: "The campaign stopped taking signatures: at its deadline, or an organizer closed it.",
  }),
  "campaign.delivered": envelope("campaign.delivered", campaignData.extend({ delivery: DeliverySchema })).openapi("CampaignDeliveredEvent", {
    description: "The letter was delivered; its list is frozen.",
  }),
} satisfies Record<(typeof WEBHOOK_EVENT_TYPES)[number], z.ZodType>;

export const WebhookTestPayloadSchema = envelope(WEBHOOK_TEST_EVENT, campaignData).openapi("WebhookTestEvent", { description: "A test send from the console." });

export type WebhookPayload = z.infer<(typeof WEBHOOK_PAYLOADS)[keyof typeof WEBHOOK_PAYLOADS]> | z.infer<typeof WebhookTestPayloadSchema>;

/** The headers of every delivery, after Standard Webhooks. */
export const WebhookHeadersSchema = z.object({
  "webhook-id": z.string().openapi({ description: "The event's id (`msg_…`): the same on every attempt and replay; deduplicate on it.", example: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" }),
  "webhook-timestamp": z.string().openapi({ description: "When this attempt was signed, in seconds since 1970; refuse one too far from your clock.", example: "1795392000" }),
  "webhook-signature": z.string().openapi({
    description: "`v1,` and the base64 HMAC-SHA256, keyed with the endpoint's secret (base64 after `whsec_`), of `{webhook-id}.{webhook-timestamp}.{body}`.",
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  }),
});
