import { z } from "@hono/zod-openapi";
import {
  AuditEntitySchema,
  AuthenticatedSchema,
  BlockKindSchema,
  BotPolicySchema,
  CampaignStatusSchema,
  CountrySchema as Country,
  EmailSchema,
  EmailTemplateSchema,
  FieldErrorSchema,
  HeldReasonSchema,
  LocaleSchema,
  ModerationSchema,
  NotificationsSchema,
  OutboxStatusSchema,
  RejectionReasonSchema,
  SignatureStatusSchema,
  SettableCampaignStatusSchema,
  SignerKindSchema,
  SlugSchema as Slug,
  Timestamp,
  line,
  name,
  website,
} from "./common";
import { isTimeZone } from "./constants";
import { OrganizerRoleSchema } from "./team";
import { PendingCorrectionSchema } from "./coalition";
import { CountryTargetsSchema } from "./partners";

/** The organizer API, under `/api/admin`: what it accepts and what it answers. */

const LetterText = z.string().normalize("NFC").max(100_000);
const Lines = z.array(line(300).min(1)).max(50);

/** A translation of the letter; any part left out falls back to the campaign's own. */
const Translation = z.strictObject({
  title: line(300).min(1).optional(),
  body: LetterText.optional(),
  addressees: Lines.optional(),
  cc: Lines.optional(),
  salutation: line(300).optional(),
});
export type LetterTranslation = z.infer<typeof Translation>;

/** An origin a partner embeds from: `https://partner.example[:port]`, or `*` for anyone. */
const Origin = z
  .string()
  .trim()
  .max(200)
  .refine((value) => value === "*" || /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(value), {
    message: "must be an origin such as https://partner.example, or *",
    params: { code: "invalid_origin" },
  });

/** The campaign's IANA time zone: its deadline and dates are shown in it, zoneless imported times read in it. */
const TimeZone = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, { message: "must be an IANA time zone such as America/Mexico_City or UTC", params: { code: "invalid_time_zone" } })
  .openapi({ example: "America/Mexico_City" });

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
  status: SettableCampaignStatusSchema,
  closesAt: z.iso.datetime({ offset: true }).nullable(),
  moderation: ModerationSchema,
  signerKinds: z.array(SignerKindSchema).min(1).max(2),
  allowedOrigins: z.array(Origin).max(50),
  botPolicy: BotPolicySchema,
  replyTo: EmailSchema.nullable(),
  timeZone: TimeZone,
  countryTargets: CountryTargetsSchema,
  showAuthenticity: z
    .boolean()
    .openapi({ description: "Show publicly a ✓ on entries confirmed from their own website's domain or checked by the organizers, with a line saying what it means." }),
};

export const CampaignCreate = z
  .strictObject({
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
  timeZone: TimeZone.default("UTC"),
  countryTargets: CountryTargetsSchema.default({}),
  showAuthenticity: campaignFields.showAuthenticity.default(false),
  })
  .openapi("CampaignCreate");
export type CampaignCreateRequest = z.input<typeof CampaignCreate>;

export const CampaignPatch = z.strictObject(campaignFields).partial().openapi("CampaignPatch");
export type CampaignPatchRequest = z.input<typeof CampaignPatch>;

/** The public fields an organizer may correct (`affiliation` is an individual's). */
export const SignaturePatch = z
  .strictObject({
    name: name(200).min(1),
    affiliation: name(200).nullable(),
    city: line(100).nullable(),
    region: line(100).nullable(),
    country: Country.nullable(),
    website: website(300).nullable(),
    members: z.array(name(300).min(1)).max(200),
  })
  .partial()
  .openapi("SignaturePatch");
export type SignaturePatchRequest = z.input<typeof SignaturePatch>;

export const SignatureStatusFilter = SignatureStatusSchema;

export const ReviewListQuery = z.strictObject({
  status: SignatureStatusFilter.optional(),
  correction: z.literal("pending").optional().openapi({ description: "`pending`: only entries with a correction from their signer waiting for approval." }),
  q: line(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).regex(/^\d+:[A-Za-z0-9_-]+$/).optional(),
});
export type ReviewListParams = z.input<typeof ReviewListQuery>;

export const BulkReject = z
  .strictObject({
    domain: z.string().trim().toLowerCase().max(253).regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { message: "must be a domain" }).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    reason: line(300).min(1).optional().openapi({ description: "Why: kept with the rejection and shown in the history. Required unless `dryRun`." }),
    dryRun: z.boolean().optional(),
  })
  .refine((body) => body.dryRun || body.reason, { message: "say why these are rejected", path: ["reason"], params: { code: "required" } })
  .refine((body) => body.domain || body.from || body.to, {
    message: "give a domain, a time range (from, to, or both), or both",
    params: { code: "required" },
  })
  .refine((body) => !(body.from && body.to) || new Date(body.from) <= new Date(body.to), {
    message: "must not be before from",
    path: ["to"],
    params: { code: "invalid_range" },
  })
  .openapi("BulkReject");
export type BulkRejectRequest = z.input<typeof BulkReject>;

export const BlockCreate = z.strictObject({
  kind: BlockKindSchema,
  value: z.string().trim().toLowerCase().max(254),
  note: line(300).optional(),
}).superRefine((body, ctx) => {
  const ok = body.kind === "email" ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(body.value) : /^[a-z0-9.-]+\.[a-z]{2,}$/.test(body.value);
  if (!ok) ctx.addIssue({ code: "custom", path: ["value"], message: `must be ${body.kind === "email" ? "an email address" : "a domain"}`, params: { code: "invalid_format" } });
}).openapi("BlockCreate");
export type BlockCreateRequest = z.input<typeof BlockCreate>;

export const ImportRequest = z.strictObject({
  csv: z.string().max(2_000_000),
  /** Recorded on every row as `import:<source>`, e.g. the file's name. */
  source: line(100).min(1).default("csv"),
  commit: z.boolean().default(false),
}).openapi("ImportRequest");
export type ImportRequestBody = z.input<typeof ImportRequest>;

export const NotificationsBody = z.strictObject({ notifications: NotificationsSchema }).openapi("Notifications");

export const ExportQuery = z.strictObject({
  format: z.enum(["csv", "json", "txt", "md", "pdf"]),
  /** The letter-ready formats' language: the campaign's own (the default) or one it has a translation in. */
  lang: LocaleSchema.optional(),
  groupBy: z.enum(["country"]).optional(),
  /** Which signatures: `published` (the default for letter-ready formats) or `all`. */
  include: z.enum(["published", "all"]).optional(),
});
export type ExportFormat = z.infer<typeof ExportQuery>["format"];

export const IMPORT_FIELDS = ["organization", "email", "contactName", "contactTitle", "members", "website", "country", "region", "city", "signedAt"] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const SignatureIdParams = z.object({
  slug: Slug.openapi({ param: { name: "slug", in: "path" } }),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: "id", in: "path" } }),
});
export const NumericIdParams = z.object({
  slug: Slug.openapi({ param: { name: "slug", in: "path" } }),
  id: z.coerce.number().int().positive().openapi({ param: { name: "id", in: "path" } }),
});

/** Grant (`true`) or take back (`false`) the public mark of authenticity, after the organizers' own check. */
export const AuthenticityBody = z
  .strictObject({ granted: z.boolean().openapi({ description: "`true`: the entry shows the mark as checked by the organizers; `false`: it shows none." }) })
  .openapi("Authenticity");
export type AuthenticityRequest = z.input<typeof AuthenticityBody>;

export const MergeBody = z.strictObject({ into: SignatureIdParams.shape.id }).openapi("Merge");

export const LoginRequest = z.strictObject({ email: EmailSchema }).openapi("LoginRequest");
export const TokenCreate = z.strictObject({ label: line(100).min(1) }).openapi("TokenCreate");

// Responses.

/** Everything an organizer may see of a campaign. */
export const AdminCampaignSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    body: z.string().openapi({ description: "Markdown." }),
    addressees: z.array(z.string()),
    cc: z.array(z.string()),
    salutation: z.string().nullable(),
    letterDate: z.string().nullable().openapi({ description: "YYYY-MM-DD" }),
    language: LocaleSchema,
    translations: z.object({ en: Translation.optional(), es: Translation.optional(), fr: Translation.optional() }),
    status: CampaignStatusSchema,
    closesAt: Timestamp.nullable(),
    moderation: ModerationSchema,
    signerKinds: z.array(SignerKindSchema),
    allowedOrigins: z.array(z.string()),
    botPolicy: BotPolicySchema,
    replyTo: z.string().nullable(),
    timeZone: z.string().openapi({ description: "IANA time zone: the deadline and dates are shown in it." }),
    countryTargets: z.record(z.string(), z.number().int()).openapi({ description: "Published signatures wanted per country, e.g. {\"US\": 20}." }),
    showAuthenticity: z.boolean(),
    version: z.number().int(),
    count: z.number().int().openapi({ description: "Published signatures, those not to be named included." }),
    unnamedCount: z.number().int().openapi({ description: "Published signatories that asked not to be named publicly." }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("AdminCampaign");
export type AdminCampaign = z.infer<typeof AdminCampaignSchema>;

export const CampaignListSchema = z
  .object({ items: z.array(AdminCampaignSchema.extend({ notifications: NotificationsSchema, role: OrganizerRoleSchema })) })
  .openapi("AdminCampaignList");

export const MeSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string().nullable(),
    campaigns: z.array(
      z.object({
        slug: z.string(),
        title: z.string(),
        status: CampaignStatusSchema,
        count: z.number().int(),
        notifications: NotificationsSchema,
        role: OrganizerRoleSchema.openapi({ description: "This organizer's role on the campaign." }),
      }),
    ),
  })
  .openapi("Me");
export type Me = z.infer<typeof MeSchema>;

export const LoginAcceptedSchema = z.object({ status: z.literal("sent"), detail: z.string() }).openapi("LoginAccepted");

export const ApiTokenSchema = z
  .object({ id: z.number().int(), label: z.string(), createdAt: Timestamp, lastUsedAt: Timestamp.nullable() })
  .openapi("ApiToken");
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema) }).openapi("ApiTokenList");
export const ApiTokenCreatedSchema = ApiTokenSchema.omit({ lastUsedAt: true })
  .extend({ token: z.string().openapi({ description: "Shown once: only its hash is kept." }) })
  .openapi("ApiTokenCreated");

export const DashboardSchema = z
  .object({
    count: z.number().int(),
    version: z.number().int(),
    byStatus: z.record(SignatureStatusSchema, z.number().int()),
    perDay: z.array(z.object({ day: z.string().openapi({ description: "YYYY-MM-DD, UTC" }), count: z.number().int() })),
    byCountry: z.array(z.object({ country: z.string().nullable(), count: z.number().int() })),
    failedEmails: z.number().int().openapi({ description: "Emails to signers that failed, bounced or were marked as spam." }),
  })
  .openapi("Dashboard");
export type Dashboard = z.infer<typeof DashboardSchema>;

export const UndeliveredEmailSchema = z
  .object({
    id: z.string(),
    recipient: z.string(),
    template: EmailTemplateSchema,
    subject: z.string(),
    status: OutboxStatusSchema,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: Timestamp,
    signatureId: z.string().nullable(),
    signatureName: z.string(),
  })
  .openapi("UndeliveredEmail");
export type UndeliveredEmail = z.infer<typeof UndeliveredEmailSchema>;
export const UndeliveredEmailListSchema = z.object({ items: z.array(UndeliveredEmailSchema) }).openapi("UndeliveredEmailList");

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    organizerId: z.number().int().nullable(),
    organizer: z.string().nullable().openapi({ description: "Who: the organizer's address, or null for the cron (deadlines)." }),
    organizerName: z.string().nullable().openapi({ description: "The organizer's name, where they gave one." }),
    signatureName: z.string().nullable().openapi({ description: "For a signature's entry: its name now (null once it is deleted)." }),
    mergedIntoName: z.string().nullable().openapi({ description: "For a merge: the name of the signature kept." }),
    entity: AuditEntitySchema,
    entityId: z.string(),
    action: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    createdAt: Timestamp,
  })
  .openapi("AuditEntry");
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditLogSchema = z.object({ items: z.array(AuditEntrySchema) }).openapi("AuditLog");

export const PossibleDuplicateSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: SignatureStatusSchema,
  reason: z.enum(["name", "look-alike", "email-domain"]),
});
export type PossibleDuplicate = z.infer<typeof PossibleDuplicateSchema>;

/** A signature as its organizers review it: public and contact fields, how it came, what to check. */
export const ReviewSignatureSchema = z
  .object({
    id: z.string(),
    kind: SignerKindSchema,
    name: z.string().openapi({ description: "The organization's name, or an individual's." }),
    affiliation: z.string().nullable().openapi({ description: "An individual's organization or role." }),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    members: z.array(z.string()),
    contactName: z.string().nullable(),
    contactTitle: z.string().nullable(),
    email: z.string().nullable(),
    locale: LocaleSchema,
    source: z.string(),
    partner: z.string().nullable().openapi({ description: "The partner that brought the sign-on (`partner` of the sign-on); null: direct." }),
    status: SignatureStatusSchema,
    heldReason: HeldReasonSchema.nullable(),
    rejectedReason: RejectionReasonSchema.nullable(),
    duplicateOf: z.string().nullable(),
    letterVersion: z.number().int(),
    signedOlderVersion: z.boolean().openapi({ description: "Signed an earlier text of the letter than the current one." }),
    createdAt: Timestamp,
    verifiedAt: Timestamp.nullable(),
    publishedAt: Timestamp.nullable(),
    signals: z.object({ domainMatchesWebsite: z.boolean(), freeMail: z.boolean() }),
    unnamed: z.boolean().openapi({ description: "Asked not to be named publicly: counted, never listed by name on public surfaces." }),
    authenticated: AuthenticatedSchema.openapi({ description: "The mark of authenticity as recorded (`domain` at confirmation, `organizer` granted); shown publicly only where `showAuthenticity`." }),
    duplicates: z.array(PossibleDuplicateSchema),
    pendingCorrection: PendingCorrectionSchema,
  })
  .openapi("ReviewSignature");
export type ReviewSignature = z.infer<typeof ReviewSignatureSchema>;

export const ReviewPageSchema = z
  .object({ items: z.array(ReviewSignatureSchema), nextCursor: z.string().nullable() })
  .openapi("ReviewPage");
export type ReviewPage = z.infer<typeof ReviewPageSchema>;

export const BulkRejectResultSchema = z
  .union([
    z.object({ matching: z.number().int().openapi({ description: "dryRun: how many it would reject." }) }),
    z.object({
      rejected: z.number().int(),
      id: z.string().openapi({ description: "The bulk rejection, to undo it." }),
      undoUntil: Timestamp.openapi({ description: "It can be undone until then (7 days)." }),
    }),
  ])
  .openapi("BulkRejectResult");
export type BulkRejectResult = z.infer<typeof BulkRejectResultSchema>;

export const BulkRejectionParams = z.object({
  slug: Slug.openapi({ param: { name: "slug", in: "path" } }),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: "id", in: "path" } }),
});

export const BulkRejectionUndoneSchema = z
  .object({
    restored: z.number().int().openapi({ description: "Signatures returned to the status each had before." }),
    count: z.number().int().openapi({ description: "The campaign's published count now." }),
  })
  .openapi("BulkRejectionUndone");
export type BulkRejectionUndone = z.infer<typeof BulkRejectionUndoneSchema>;

export const BlocklistEntrySchema = z
  .object({ id: z.number().int(), kind: BlockKindSchema, value: z.string(), note: z.string().nullable(), createdAt: Timestamp })
  .openapi("BlocklistEntry");
export type BlocklistEntry = z.infer<typeof BlocklistEntrySchema>;
export const BlocklistSchema = z.object({ items: z.array(BlocklistEntrySchema) }).openapi("Blocklist");

export const ImportedRowSchema = z.object({
  line: z.number().int().openapi({ description: "The row's line in the file, counting the heading as line 1." }),
  status: z.enum(["ok", "error", "duplicate"]),
  values: z.record(z.string(), z.unknown()),
  errors: z.array(FieldErrorSchema),
  duplicateOf: z.string().optional().openapi({ description: "For a duplicate: the name already on this campaign." }),
  duplicateOfLine: z.number().int().optional().openapi({ description: "For a duplicate of a row above it in the same file: that row's line." }),
});
export type ImportedRow = z.infer<typeof ImportedRowSchema>;

export const ImportResultSchema = z
  .object({
    columns: z.record(z.string(), z.enum(IMPORT_FIELDS).nullable()).openapi({ description: "How each column heading was read; null for a column left out." }),
    rows: z.array(ImportedRowSchema),
    summary: z.object({ total: z.number().int(), ok: z.number().int(), errors: z.number().int(), duplicates: z.number().int(), imported: z.number().int() }),
  })
  .openapi("ImportResult");
export type ImportResult = z.infer<typeof ImportResultSchema>;

export type Blocklist = z.infer<typeof BlocklistSchema>;
export type AuditLog = z.infer<typeof AuditLogSchema>;
export type UndeliveredEmailList = z.infer<typeof UndeliveredEmailListSchema>;
export type NotificationsRequest = z.input<typeof NotificationsBody>;
export type LoginRequestBody = z.input<typeof LoginRequest>;
export type MergeRequest = z.input<typeof MergeBody>;

/** How partners show a campaign: its page, the snippet they paste, and the sites that tried without being allowed. */
export const EmbeddingSchema = z
  .object({
    pageUrl: z.string().openapi({ description: "The campaign's hosted page, `/c/{slug}`." }),
    snippet: z.string().openapi({ description: "The HTML a partner pastes: the widget's script and its element." }),
    refusedOrigins: z
      .array(z.object({ origin: z.string(), firstSeenAt: Timestamp, lastSeenAt: Timestamp }))
      .openapi({ description: "Sites that loaded the widget without being in `allowedOrigins`, most recent first; `lastSeenAt` is noted at most every few minutes." }),
  })
  .openapi("Embedding");
export type Embedding = z.infer<typeof EmbeddingSchema>;
