import { z } from "@hono/zod-openapi";
import { LocaleSchema, SlugSchema, Timestamp, line } from "./common";
import { DELIVERY_METHODS } from "./constants";

/** After collection: the letter delivered, its answers recorded, its signers told. */

const PerLanguage = (max: number) =>
  z
    .strictObject({ en: z.string().normalize("NFC").trim().max(max).optional(), es: z.string().normalize("NFC").trim().max(max).optional(), fr: z.string().normalize("NFC").trim().max(max).optional() })
    .refine((texts) => Object.values(texts).some(Boolean), { message: "give the text in at least one language", params: { code: "required" } });

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date, YYYY-MM-DD" });
const webAddress = z.url({ protocol: /^https?$/, message: "must be an http(s) address" }).max(500);


export const DeliveryCreate = z
  .strictObject({
    recipients: z.array(line(300).min(1)).min(1).max(50).openapi({ example: ["President of Mexico", "Prime Minister of Canada", "President of the United States"] }),
    method: z.enum(DELIVERY_METHODS),
    deliveredAt: z.iso.datetime({ offset: true }).optional().openapi({ description: "When; now if left out." }),
    note: line(1000).optional(),
  })
  .openapi("DeliveryCreate");
export type DeliveryCreateRequest = z.input<typeof DeliveryCreate>;

export const DeliverySchema = z
  .object({
    deliveredAt: Timestamp,
    recipients: z.array(z.string()),
    method: z.enum(DELIVERY_METHODS),
    note: z.string().nullable(),
    letterVersion: z.number().int(),
    count: z.number().int().openapi({ description: "Published signatures on the delivered list." }),
    fingerprint: z.string().openapi({ description: "SHA-256 (hex) of the canonical text, which `GET /c/{slug}/delivery.txt` serves: `sha256sum` recomputes it." }),
    canonicalUrl: z.string(),
  })
  .openapi("Delivery");
export type Delivery = z.infer<typeof DeliverySchema>;

/** `GET /c/{slug}/delivery`: the record, and the text its fingerprint is computed over. */
export const DeliveryRecordSchema = DeliverySchema.extend({
  slug: SlugSchema,
  algorithm: z.literal("SHA-256 over the UTF-8 bytes of `canonical`"),
  canonical: z.string(),
}).openapi("DeliveryRecord");

export const ResponseCreate = z
  .strictObject({
    respondent: line(300).min(1).openapi({ example: "Office of the Prime Minister of Canada" }),
    respondedOn: calendarDate,
    summary: PerLanguage(5000).openapi({ description: "What they answered, in each campaign language you have it in." }),
    url: webAddress.optional(),
  })
  .openapi("ResponseCreate");
export type ResponseCreateRequest = z.input<typeof ResponseCreate>;

export const ResponseSchema = z
  .object({
    id: z.number().int(),
    respondent: z.string(),
    respondedOn: z.string(),
    summary: z.string().openapi({ description: "In the language asked for where the organizers wrote one, else the campaign's." }),
    lang: LocaleSchema,
    url: z.string().nullable(),
  })
  .openapi("LetterResponse");
export type LetterResponse = z.infer<typeof ResponseSchema>;

export const AdminResponseSchema = ResponseSchema.omit({ summary: true, lang: true })
  .extend({ summary: z.object({ en: z.string().optional(), es: z.string().optional(), fr: z.string().optional() }), createdAt: Timestamp })
  .openapi("AdminLetterResponse");
export const AdminResponseListSchema = z.object({ items: z.array(AdminResponseSchema) }).openapi("AdminLetterResponseList");
export type ResponseList = z.infer<typeof AdminResponseListSchema>;

export const UpdateCreate = z
  .strictObject({
    subject: PerLanguage(200),
    body: PerLanguage(20_000).openapi({ description: "Markdown, in each campaign language; a signer reads theirs, else the campaign's." }),
    dryRun: z.boolean().optional().openapi({ description: "Count the recipients and preview; send nothing." }),
  })
  .openapi("UpdateCreate");
export type UpdateCreateRequest = z.input<typeof UpdateCreate>;

export const UpdateSchema = z
  .object({
    id: z.number().int(),
    subject: z.object({ en: z.string().optional(), es: z.string().optional(), fr: z.string().optional() }),
    status: z.enum(["sending", "sent"]),
    recipients: z.number().int(),
    queued: z.number().int().openapi({ description: "Emails handed to the outbox so far: progress." }),
    createdAt: Timestamp,
    queuedAt: Timestamp.nullable(),
  })
  .openapi("Update");
export type Update = z.infer<typeof UpdateSchema>;
export const UpdateListSchema = z.object({ items: z.array(UpdateSchema) }).openapi("UpdateList");
export type UpdateList = z.infer<typeof UpdateListSchema>;

export const UpdatePreviewSchema = z
  .object({
    dryRun: z.literal(true),
    recipients: z.number().int().openapi({ description: "Published signatories whose contact is kept and who did not unsubscribe." }),
    byLanguage: z.object({ en: z.number().int(), es: z.number().int(), fr: z.number().int() }),
    preview: z.array(z.object({ lang: LocaleSchema, subject: z.string(), text: z.string(), html: z.string() })),
  })
  .openapi("UpdatePreview");
export type UpdatePreview = z.infer<typeof UpdatePreviewSchema>;
