import { z } from "@hono/zod-openapi";
import { AuthenticatedSchema, CountrySchema as country, EmailSchema, LocaleSchema, PartnerSchema, SignerKindSchema, SlugSchema, Timestamp, line, name, website } from "./common";
import { LetterContentSchema } from "./letter";
import { DeliverySchema, ResponseSchema } from "./letter-life";

/** The public API: read a letter and its signatories, sign on. */

export const SlugParams = z.object({
  slug: SlugSchema.openapi({ param: { name: "slug", in: "path" }, example: "nals-2021" }),
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
    kind: SignerKindSchema.default("organization"),
    organization: name(200).optional().openapi({ description: "Required when `kind` is `organization`.", example: "Centro de Derechos Humanos Fray Matías de Córdova, A.C." }),
    name: name(120).optional().openapi({ description: "An individual's name; required when `kind` is `individual`." }),
    affiliation: name(200).optional().openapi({ description: "An individual's organization or role, shown with the name." }),
    country: country.optional().openapi({ example: "MX" }),
    city: line(100).optional(),
    region: line(100).optional(),
    website: website(300).optional(),
    members: z.array(name(300).min(1)).max(200).optional().openapi({ description: "Member organizations, for coalitions." }),
    contactName: line(120).min(1),
    contactTitle: line(120).optional(),
    email: EmailSchema.openapi({ example: "coordinacion@example.org" }),
    locale: LocaleSchema.default("en"),
    unnamed: z
      .boolean()
      .optional()
      .openapi({ description: "Asks not to be named publicly: the organization is counted, and every public list says “and N organizations that asked not to be named”; organizers see it." }),
    partner: PartnerSchema.optional().openapi({
      description: "The partner whose page the sign-on came through (the widget's `partner` attribute, the hosted page's `?ref=`); organizers count sign-ons by it.",
    }),
    coalitionConsent: z
      .boolean()
      .optional()
      .openapi({
        description:
          "The contact agrees to hear about this coalition's future letters (the campaigns that share an owner with this one). Kept once the email is confirmed, beyond the campaign's retention, until the contact unsubscribes or organizers delete it.",
      }),
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

/** A sign-on as the API reads it (defaults applied). */
export type SignOn = z.output<typeof SignOnBody>;
/** A sign-on as a client sends it. */
export type SignOnRequest = z.input<typeof SignOnBody>;

export const SignOnAcceptedSchema = z
  .object({
    status: z.literal("pending"),
    emailSent: z.enum(["now", "earlier"]).openapi({
      description:
        "`now`: an email leaves for the address now. `earlier`: this repeats a sign-on whose link left less than a minute ago (`emailSentAt`); no new email leaves, and every link sent still works. Never says whether the address signed before.",
    }),
    emailSentAt: z.string().openapi({ description: "ISO 8601: when the email to look for left." }),
  })
  .openapi("SignOnAccepted");
export type SignOnAccepted = z.infer<typeof SignOnAcceptedSchema>;

export const LetterSchema = z.object({
  lang: LocaleSchema.openapi({ description: "The language of the body." }),
  partLang: z
    .object({ title: LocaleSchema, addressees: LocaleSchema, cc: LocaleSchema, salutation: LocaleSchema, body: LocaleSchema })
    .openapi({ description: "The language of each part: a translation may cover only some, the rest stay in the letter's own language." }),
  title: z.string(),
  date: z.string().nullable().openapi({ description: "The letter's date, YYYY-MM-DD." }),
  dateText: z.string().nullable().openapi({ description: "The letter's date as the language asked for writes it.", example: "18 de noviembre de 2021" }),
  addressees: z.array(z.string()),
  cc: z.array(z.string()),
  salutation: z.string().nullable(),
  body: z.string().openapi({ description: "Markdown." }),
  ...LetterContentSchema.shape,
});
export type Letter = z.infer<typeof LetterSchema>;

export const CampaignSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    status: z.enum(["open", "closed", "delivered"]).openapi({ description: "`open` takes signatures; `closed` no longer; `delivered`: the letter went to its addressees, its list is final." }),
    closesAt: Timestamp.nullable(),
    timeZone: z.string().openapi({ description: "The campaign's IANA time zone, in which its deadline and dates are given.", example: "America/Mexico_City" }),
    deadline: z
      .string()
      .nullable()
      .openapi({ description: "While it takes signatures and has a deadline: when signing closes and what follows, in the language asked for and the campaign's time zone." }),
    languages: z.array(LocaleSchema),
    signerKinds: z.array(SignerKindSchema),
    version: z.number().int(),
    listVersion: z.number().int().openapi({ description: "Rises with every change to the public list; the live socket's messages carry it too." }),
    count: z.number().int().openapi({ description: "Published signatures, those not named included." }),
    unnamedCount: z.number().int().openapi({ description: "Published signatories that asked not to be named: counted in `count`, never listed." }),
    unnamedNote: z
      .string()
      .nullable()
      .openapi({ description: "“and 3 organizations that asked not to be named”, in the language asked for; null when there are none." }),
    authenticityNote: z
      .string()
      .nullable()
      .openapi({ description: "What the mark of authenticity on entries means, one sentence in the language asked for; null when the campaign does not show it." }),
    letter: LetterSchema,
    turnstileSiteKey: z.string().nullable().openapi({ description: "Render Turnstile with this site key and send its token; null when not required." }),
    delivery: DeliverySchema.extend({ text: z.string().openapi({ description: "“Delivered to … on …, with 73 organizations”, in the language asked for." }) })
      .nullable()
      .openapi({ description: "Once the letter is delivered: when, to whom, with how many, and the fingerprint of what was delivered." }),
    responses: z.array(ResponseSchema).openapi({ description: "What the addressees answered, oldest first." }),
  })
  .openapi("Campaign");
export type Campaign = z.infer<typeof CampaignSchema>;

export const PublicSignatureSchema = z
  .object({
    id: z.string(),
    kind: SignerKindSchema,
    name: z.string(),
    organization: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    members: z.array(z.string()),
    authenticated: AuthenticatedSchema,
    signedAt: Timestamp,
  })
  .openapi("Signature");
export type PublicSignature = z.infer<typeof PublicSignatureSchema>;

export const SignatureListSchema = z
  .object({
    count: z.number().int().openapi({ description: "All published signatures of the campaign, those not named (never listed) included." }),
    items: z.array(PublicSignatureSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi("SignatureList");
export type SignatureList = z.infer<typeof SignatureListSchema>;
export type SignatureListParams = z.input<typeof SignatureListQuery>;

/** What `GET /api/campaigns/{slug}/live` sends each open widget: the count and list version, and each new entry. */
const liveState = { count: z.number().int(), listVersion: z.number().int() };
export const LiveMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), ...liveState }),
  z.object({ type: z.literal("signature"), ...liveState, signature: PublicSignatureSchema }),
  z.object({ type: z.literal("refresh"), ...liveState }),
]);
export type LiveMessage = z.infer<typeof LiveMessageSchema>;
