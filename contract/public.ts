import { z } from "@hono/zod-openapi";
import { isCountryCode } from "./lib/countries";
import { line, website } from "./lib/validation";

export const LocaleSchema = z.enum(["en", "es", "fr"]).openapi({ description: "Language: English, Spanish or French." });

const country = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: "must be an ISO 3166-1 alpha-2 country code", params: { code: "invalid_country" } });

export const SlugParams = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .openapi({ param: { name: "slug", in: "path" }, example: "nals-2021" }),
});

export const CampaignQuery = z.object({
  lang: LocaleSchema.optional().openapi({ param: { name: "lang", in: "query" } }),
});

export const SignatureListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: "limit", in: "query" } }),
  cursor: z
    .string()
    .max(600)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "`nextCursor` of the previous page." }),
  q: line(100).optional().openapi({ param: { name: "q", in: "query" }, description: "Accent- and case-insensitive search." }),
  country: country.optional().openapi({ param: { name: "country", in: "query" }, example: "MX" }),
  version: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({
      param: { name: "version", in: "query" },
      description: "The `listVersion` the client knows of (from the campaign or the live socket): a distinct address, so that no copy cached before that version answers.",
    }),
});

export const SignOnBody = z
  .strictObject({
    kind: z.enum(["organization", "individual"]).default("organization"),
    organization: line(200).optional().openapi({ description: "Required when `kind` is `organization`.", example: "Centro de Derechos Humanos Fray Matías de Córdova, A.C." }),
    name: line(120).optional().openapi({ description: "An individual's name; required when `kind` is `individual`." }),
    affiliation: line(200).optional().openapi({ description: "An individual's organization or role, shown with the name." }),
    country: country.optional().openapi({ example: "MX" }),
    city: line(100).optional(),
    region: line(100).optional(),
    website: website(300).optional(),
    members: z.array(line(300).min(1)).max(200).optional().openapi({ description: "Member organizations, for coalitions." }),
    contactName: line(120).min(1),
    contactTitle: line(120).optional(),
    email: z.string().trim().toLowerCase().max(254).email().openapi({ example: "coordinacion@example.org" }),
    locale: LocaleSchema.default("en"),
    authorized: z.literal(true, { error: "must be true: the signer confirms they may sign for this organization" }).openapi({ description: "“I am authorized to sign for this organization.” Must be `true`." }),
    fax: z.string().max(300).optional().openapi({ description: "Leave empty: a field only bots fill in." }),
    fillTimeMs: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "Milliseconds between the form appearing and its submission; the widget sends it. Under 3 seconds reads as a bot." }),
    turnstileToken: z
      .string()
      .max(2048)
      .optional()
      .openapi({ description: "The Turnstile response token; required when the campaign's `turnstileSiteKey` is set." }),
  })
  .superRefine(
    (body, ctx) => {
      const required = body.kind === "individual" ? "name" : "organization";
      if (!body[required]) ctx.addIssue({ code: "custom", path: [required], message: "is required", params: { code: "required" } });
    },
    // Also when other fields failed, so that one answer names every missing field.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
  )
  .openapi("SignOn");

export type SignOn = z.infer<typeof SignOnBody>;

export const SignOnAcceptedSchema = z.object({ status: z.literal("pending") }).openapi("SignOnAccepted");

export const LetterSchema = z.object({
  lang: LocaleSchema.openapi({ description: "The language of the body." }),
  partLang: z
    .object({ title: LocaleSchema, addressees: LocaleSchema, cc: LocaleSchema, salutation: LocaleSchema, body: LocaleSchema })
    .openapi({ description: "The language of each part: a translation may cover only some, the rest stay in the letter's own language." }),
  title: z.string(),
  date: z.string().nullable(),
  addressees: z.array(z.string()),
  cc: z.array(z.string()),
  salutation: z.string().nullable(),
  body: z.string().openapi({ description: "Markdown." }),
});

export const CampaignSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    status: z.enum(["open", "closed"]),
    closesAt: z.string().nullable(),
    languages: z.array(LocaleSchema),
    signerKinds: z.array(z.enum(["organization", "individual"])),
    version: z.number().int(),
    listVersion: z.number().int().openapi({ description: "Rises with every change to the public list; the live socket's messages carry it too." }),
    count: z.number().int().openapi({ description: "Published signatures." }),
    letter: LetterSchema,
    turnstileSiteKey: z.string().nullable().openapi({ description: "Render Turnstile with this site key and send its token; null when not required." }),
  })
  .openapi("Campaign");

export const PublicSignatureSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["organization", "individual"]),
    name: z.string(),
    organization: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    members: z.array(z.string()),
    signedAt: z.string(),
  })
  .openapi("Signature");

export const SignatureListSchema = z
  .object({
    count: z.number().int().openapi({ description: "All published signatures of the campaign." }),
    items: z.array(PublicSignatureSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi("SignatureList");

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: "The path that answered." }),
    errors: z
      .array(
        z.object({
          field: z.string(),
          pointer: z.string().openapi({ description: "RFC 6901 JSON pointer; \"\" for the whole body." }),
          code: z.string().openapi({ example: "required" }),
          message: z.string(),
        }),
      )
      .optional()
      .openapi({ description: "422: one per invalid or unknown field." }),
    retryAfter: z.number().int().optional().openapi({ description: "429 and 503: seconds to wait, as the Retry-After header says." }),
  })
  .openapi("Problem");

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
