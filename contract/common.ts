import { z } from "@hono/zod-openapi";
import { LOCALES, PARTNER_PATTERN, SLUG_PATTERN } from "./constants";
import { isCountryCode } from "./countries";

export { LOCALES, PARTNER_PATTERN, SLUG_PATTERN };

/**
 * The pieces every request and response is built from. The contract is the bottom floor: it
 * imports nothing from the worker, the widget or the console, and they all read it.
 */

export const LocaleSchema = z.enum(LOCALES).openapi({ description: "Language: English, Spanish or French." });
export type Locale = z.infer<typeof LocaleSchema>;

export const SlugSchema = z.string().regex(SLUG_PATTERN, { message: "lower-case letters, digits and dashes, at most 64" }).openapi({ example: "nals-2021" });

export const SignerKindSchema = z.enum(["organization", "individual"]);
export type SignerKind = z.infer<typeof SignerKindSchema>;

/** Why an entry carries the public mark: `domain`, confirmed from its own website's domain; `organizer`, checked by organizers. */
export const AuthenticatedSchema = z
  .enum(["domain", "organizer"])
  .nullable()
  .openapi({ description: "`domain`: confirmed from an address at the organization's own website domain; `organizer`: granted by the organizers after their own check; null: no mark (or the campaign does not show it)." });
export type Authenticated = NonNullable<z.infer<typeof AuthenticatedSchema>>;

/** pending → verified → published (or held for approval); rejected and withdrawn are ends. */
export const SignatureStatusSchema = z.enum(["pending", "verified", "published", "held", "rejected", "withdrawn"]);
export type SignatureStatus = z.infer<typeof SignatureStatusSchema>;

/** `delivered`: the letter went to its addressees and its list is frozen; only a delivery sets it. */
export const CampaignStatusSchema = z.enum(["draft", "open", "closed", "delivered"]);
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

/** The statuses organizers set by hand. */
export const SettableCampaignStatusSchema = z.enum(["draft", "open", "closed"]);

export const ModerationSchema = z.enum(["publish", "hold"]);
export type Moderation = z.infer<typeof ModerationSchema>;

/** What happens to a sign-on that trips the honeypot or the minimum fill time. */
export const BotPolicySchema = z.enum(["drop", "flag"]);
export type BotPolicy = z.infer<typeof BotPolicySchema>;

/** Why a signature was rejected: by an organizer, as a bot, in a bulk rejection, merged as a duplicate. */
export const RejectionReasonSchema = z.enum(["organizer", "bot", "bulk", "duplicate"]);
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

/**
 * Why a confirmed signature waits for an organizer: the campaign holds every one; the name may
 * imitate a published organization (a look-alike from another email domain, or a word mixing
 * scripts); another entry already carries the name.
 */
export const HeldReasonSchema = z.enum(["moderation", "possible-impersonation", "duplicate-name"]);
export type HeldReason = z.infer<typeof HeldReasonSchema>;

export const NotificationsSchema = z.enum(["each", "daily", "none"]);
export type Notifications = z.infer<typeof NotificationsSchema>;

export const OutboxStatusSchema = z.enum(["queued", "sent", "failed", "local", "bounced", "complained"]);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

// C0/C1 controls, line and paragraph separators, and the bidi embedding/override/isolate
// characters that can make a listed name read differently from what was stored.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

// A surrogate standing alone: JSON can carry one ("\ud800"), UTF-8 cannot, and the database
// would keep a string that no font shows and no export can write.
const LONE_SURROGATE = /\p{Cs}/u;

/** One line of user text: well-formed, NFC, trimmed, bounded, free of control characters. */
export const line = (max: number) =>
  z
    .string()
    .refine((value) => !LONE_SURROGATE.test(value), {
      message: "must be well-formed Unicode: a lone surrogate is not a character",
      params: { code: "malformed_unicode" },
      abort: true,
    })
    .normalize("NFC")
    .trim()
    .max(max)
    .refine((value) => !FORBIDDEN_CHARACTERS.test(value), {
      message: "must not contain control or bidi-override characters",
      params: { code: "control_characters" },
    });

// Characters that render as nothing (UAX #44 Default_Ignorable_Code_Point: zero-width spaces and
// joiners, soft hyphens, direction marks, variation selectors, Hangul fillers, tags): "Ox\u200Bfam"
// looks like "Oxfam" and is another string. UTS #31 keeps one, ZWNJ, where it changes how a word
// is written (Persian, the Indic scripts); it is allowed between two letters of such a script,
// where it shows, and never in Latin, Greek or Cyrillic, whose letters other scripts imitate.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const SHAPED_LETTER = /^[\p{L}\p{M}]$/u;
const LOOK_ALIKE_SCRIPT = /^[\p{scx=Latn}\p{scx=Grek}\p{scx=Cyrl}\p{scx=Zyyy}\p{scx=Zinh}]$/u;
const shapesWord = (character: string | undefined) => !!character && SHAPED_LETTER.test(character) && !LOOK_ALIKE_SCRIPT.test(character);

function hasInvisibleCharacter(value: string): boolean {
  const characters = [...value];
  return characters.some(
    (character, index) =>
      INVISIBLE.test(character) && !(character === "\u200C" && shapesWord(characters[index - 1]) && shapesWord(characters[index + 1])),
  );
}

// Code points no version of Unicode this runtime knows has assigned (noncharacters included):
// nothing can display them, and a later version may make them anything.
const UNASSIGNED = /\p{Cn}/u;

/**
 * A name that people will read as someone's (an organization, a person, a member organization):
 * one line, and nothing in it invisible or unassigned, so that what is listed is what was typed.
 */
export const name = (max: number) =>
  line(max)
    .refine((value) => !hasInvisibleCharacter(value), {
      message: "must not contain invisible characters (zero-width spaces or joiners, soft hyphens, direction marks)",
      params: { code: "invisible_characters" },
    })
    .refine((value) => !UNASSIGNED.test(value), {
      message: "must not contain unassigned code points",
      params: { code: "unassigned_characters" },
    });

const WEB_ADDRESS = /^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?([/?#]\S*)?$/iu;

/** A website as people type it: "example.org", "www.example.org/about" or a full URL; empty is none. */
export const website = (max: number) =>
  line(max).refine((value) => value === "" || WEB_ADDRESS.test(value), { message: "must be a web address", params: { code: "invalid_url" } });

export const CountrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: "must be an ISO 3166-1 alpha-2 country code", params: { code: "invalid_country" } })
  .openapi({ example: "MX" });

/**
 * A partner's short name, as its embed (`partner="…"`) or the hosted page's `?ref=` gives it:
 * lower-cased, letters, digits and dashes. It says which partner brought a sign-on.
 */
export const PartnerSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(PARTNER_PATTERN, { message: "must be 1 to 40 letters, digits or dashes" })
  .openapi({ description: "A partner's short name: 1 to 40 letters, digits or dashes, read lower-cased.", example: "red-migrante" });

export const EmailTemplateSchema = z.enum(["verify", "already-signed", "confirmed", "listed", "login", "notice", "digest", "invitation", "update", "reminder", "coalition-invitation"]);
export type EmailTemplate = z.infer<typeof EmailTemplateSchema>;

export const AuditEntitySchema = z.enum(["campaign", "signature", "blocklist", "membership", "bulk-rejection", "webhook", "coalition-contact"]);
export type AuditEntity = z.infer<typeof AuditEntitySchema>;

export const BlockKindSchema = z.enum(["domain", "email"]);
export type BlockKind = z.infer<typeof BlockKindSchema>;

export const EmailSchema = z.string().trim().toLowerCase().max(254).email();

/** A moment, as every response writes it: ISO 8601 in UTC. */
export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-18T17:00:00.000Z" });

/**
 * Every `code` a field error can carry. Clients word their messages after these; a code they
 * do not know falls back to the `message` the API wrote.
 */
export const FIELD_ERROR_CODES = [
  "required",
  "invalid_type",
  "too_small",
  "too_long",
  "too_many",
  "too_large",
  "invalid_email",
  "invalid_format",
  "invalid_value",
  "invalid",
  "unknown_field",
  "invalid_country",
  "invalid_url",
  "invalid_origin",
  "invalid_range",
  "invalid_date",
  "invalid_time_zone",
  "invalid_cursor",
  "control_characters",
  "invisible_characters",
  "unassigned_characters",
  "malformed_unicode",
  "kind_not_accepted",
  "taken",
  "blocked",
  "challenge_required",
  "challenge_failed",
  "challenge_expired",
] as const;
export const FieldErrorCodeSchema = z.enum(FIELD_ERROR_CODES);
export type FieldErrorCode = z.infer<typeof FieldErrorCodeSchema>;

export const FieldErrorSchema = z
  .object({
    field: z.string().openapi({ description: "The request field, e.g. `email` or `members.2`; `(body)` for the whole body." }),
    pointer: z.string().openapi({ description: "RFC 6901 JSON pointer; \"\" for the whole body." }),
    code: FieldErrorCodeSchema,
    message: z.string(),
  })
  .openapi("FieldError");
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** The `type` of every problem the API answers, after https://undersigned.dev/problems/. */
export const PROBLEM_TYPES = [
  "not-found",
  "invalid-fields",
  "malformed-json",
  "campaign-closed",
  "conflict",
  "wrong-state",
  "slug-taken",
  "forbidden",
  "unauthorized",
  "too-large",
  "unsupported-media-type",
  "upgrade-required",
  "rate-limited",
  "temporarily-unavailable",
  "bad-signature",
  "last-owner",
  "campaign-delivered",
  "origin-not-allowed",
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "https://undersigned.dev/problems/ and one of the problem types, or about:blank." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().openapi({ description: "The path that answered." }),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: "422: one per invalid or unknown field." }),
    retryAfter: z.number().int().optional().openapi({ description: "429 and 503: seconds to wait, as the Retry-After header says." }),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const jsonResponse = <Schema extends z.ZodType>(description: string, schema: Schema) => ({
  description,
  content: { "application/json": { schema } },
});
