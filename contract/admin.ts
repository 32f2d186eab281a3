import { z } from "@hono/zod-openapi";
import { isCountryCode } from "./lib/countries";
import { line, website } from "./lib/validation";
import { LocaleSchema } from "./schemas";

/** What the organizer API accepts; the public API's schemas live in `schemas.ts`. */

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const Slug = z.string().regex(SLUG, { message: "lower-case letters, digits and dashes, at most 64" });

const LetterText = z.string().normalize("NFC").max(100_000);
const Lines = z.array(line(300).min(1)).max(50);

const Translation = z.strictObject({
  title: line(300).min(1).optional(),
  body: LetterText.optional(),
  addressees: Lines.optional(),
  cc: Lines.optional(),
  salutation: line(300).optional(),
});

/** An origin a partner embeds from: `https://partner.example[:port]`, or `*` for anyone. */
const Origin = z
  .string()
  .trim()
  .max(200)
  .refine((value) => value === "*" || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(value), {
    message: "must be an origin such as https://partner.example, or *",
    params: { code: "invalid_origin" },
  });

const campaignFields = {
  title: line(300).min(1),
  body: LetterText,
  addressees: Lines,
  cc: Lines,
  salutation: line(300).nullable(),
  letterDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date, YYYY-MM-DD" })
    .nullable(),
  language: LocaleSchema,
  translations: z.strictObject({ en: Translation.optional(), es: Translation.optional(), fr: Translation.optional() }),
  status: z.enum(["draft", "open", "closed"]),
  closesAt: z.iso.datetime({ offset: true }).nullable(),
  moderation: z.enum(["publish", "hold"]),
  signerKinds: z.array(z.enum(["organization", "individual"])).min(1).max(2),
  allowedOrigins: z.array(Origin).max(50),
  botPolicy: z.enum(["drop", "flag"]),
  replyTo: z.string().trim().toLowerCase().max(254).email().nullable(),
};

export const CampaignCreate = z.strictObject({
  slug: Slug,
  ...campaignFields,
  body: LetterText.default(""),
  addressees: Lines.default([]),
  cc: Lines.default([]),
  salutation: campaignFields.salutation.default(null),
  letterDate: campaignFields.letterDate.default(null),
  language: LocaleSchema.default("en"),
  translations: campaignFields.translations.default({}),
  status: campaignFields.status.default("draft"),
  closesAt: campaignFields.closesAt.default(null),
  moderation: campaignFields.moderation.default("publish"),
  signerKinds: campaignFields.signerKinds.default(["organization"]),
  allowedOrigins: campaignFields.allowedOrigins.default([]),
  botPolicy: campaignFields.botPolicy.default("drop"),
  replyTo: campaignFields.replyTo.default(null),
});

export const CampaignPatch = z.strictObject(campaignFields).partial();

export const Country = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: "must be an ISO 3166-1 alpha-2 country code", params: { code: "invalid_country" } });

/** The public fields an organizer may correct. */
export const SignaturePatch = z
  .strictObject({
    name: line(200).min(1),
    affiliation: line(200).nullable(),
    city: line(100).nullable(),
    region: line(100).nullable(),
    country: Country.nullable(),
    website: website(300).nullable(),
    members: z.array(line(300).min(1)).max(200),
  })
  .partial();

export const SignatureStatusFilter = z.enum(["pending", "held", "published", "rejected", "withdrawn", "verified"]);

export const SignatureListQuery = z.strictObject({
  status: SignatureStatusFilter.optional(),
  q: line(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).regex(/^\d+:[A-Za-z0-9_-]+$/).optional(),
});

export const BulkReject = z
  .strictObject({
    domain: z.string().trim().toLowerCase().max(253).regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { message: "must be a domain" }).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    dryRun: z.boolean().optional(),
  })
  .refine((body) => body.domain || body.from || body.to, {
    message: "give a domain, a time range (from, to, or both), or both",
    params: { code: "required" },
  })
  .refine((body) => !(body.from && body.to) || new Date(body.from) <= new Date(body.to), {
    message: "must not be before from",
    path: ["to"],
    params: { code: "invalid_range" },
  });

export const BlockCreate = z.strictObject({
  kind: z.enum(["domain", "email"]),
  value: z.string().trim().toLowerCase().max(254),
  note: line(300).optional(),
}).superRefine((body, ctx) => {
  const ok = body.kind === "email" ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.value) : /^[a-z0-9.-]+\.[a-z]{2,}$/.test(body.value);
  if (!ok) ctx.addIssue({ code: "custom", path: ["value"], message: `must be ${body.kind === "email" ? "an email address" : "a domain"}`, params: { code: "invalid_format" } });
});

export const ImportRequest = z.strictObject({
  csv: z.string().max(2_000_000),
  /** Recorded on every row as `import:<source>`, e.g. the file's name. */
  source: line(100).min(1).default("csv"),
  commit: z.boolean().default(false),
});

export const NotificationsBody = z.strictObject({ notifications: z.enum(["each", "daily", "none"]) });

export const ExportQuery = z.strictObject({
  format: z.enum(["csv", "json", "txt", "md", "pdf"]),
  groupBy: z.enum(["country"]).optional(),
  /** Which signatures: `published` (the default for letter-ready formats) or `all`. */
  include: z.enum(["published", "all"]).optional(),
});
