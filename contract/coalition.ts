import { z } from "@hono/zod-openapi";
import { CountrySchema as Country, LocaleSchema, SlugSchema as Slug, Timestamp, line, name, website } from "./common";

/**
 * A signer's own corrections (the manage link in their confirmation email) and the coalition's
 * memory of who agreed to hear about its future letters.
 */

/** What a signer may correct of their entry; a blank optional field clears it. */
export const SignerCorrectionBody = z
  .strictObject({
    name: name(200).min(1),
    city: line(100),
    region: line(100),
    country: z.union([z.literal(""), Country]),
    website: website(300),
    members: z.array(name(300).min(1)).max(200),
  })
  .openapi("SignerCorrection");
export type SignerCorrection = z.output<typeof SignerCorrectionBody>;

export const PendingCorrectionSchema = z
  .object({
    name: z.string(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    members: z.array(z.string()),
    requestedAt: Timestamp,
    possibleImpersonation: z.boolean().openapi({ description: "The new name imitates a listed organization (a look-alike from another email domain) or mixes scripts." }),
  })
  .nullable()
  .openapi("PendingCorrection", {
    description:
      "A correction the signer asked for through their manage link that waits for approval (a new name, or a listed entry of a moderated campaign); the entry as listed stays until it is approved.",
  });
export type PendingCorrection = z.infer<typeof PendingCorrectionSchema>;

export const CoalitionContactSchema = z
  .object({
    id: z.string(),
    organization: z.string().openapi({ description: "The name the organization signed with." }),
    contactName: z.string().nullable(),
    email: z.string(),
    locale: LocaleSchema,
    consentedAt: Timestamp,
    campaign: z.object({ slug: z.string(), title: z.string() }).openapi({ description: "The campaign signed when consenting." }),
    invitedAt: Timestamp.nullable().openapi({ description: "When this campaign's invitation went to this address; null: not invited yet." }),
  })
  .openapi("CoalitionContact");
export type CoalitionContact = z.infer<typeof CoalitionContactSchema>;

export const CoalitionListSchema = z
  .object({
    items: z.array(CoalitionContactSchema).openapi({
      description:
        "Contacts who signed another campaign of the coalition (the campaigns sharing an owner with this one) and agreed to hear about its letters, whose organization (its key or email domain) has not signed this one, most recent consent first; one per address.",
    }),
  })
  .openapi("CoalitionList");
export type CoalitionList = z.infer<typeof CoalitionListSchema>;

export const CoalitionInviteBody = z
  .strictObject({
    ids: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
      .max(500)
      .optional()
      .openapi({ description: "Contacts of the list to invite; all of those not invited yet when left out." }),
  })
  .openapi("CoalitionInvite");
export type CoalitionInviteRequest = z.input<typeof CoalitionInviteBody>;

export const CoalitionInvitedSchema = z
  .object({ invited: z.number().int().openapi({ description: "Emails queued: one per address not invited to this campaign before." }) })
  .openapi("CoalitionInvited");
export type CoalitionInvited = z.infer<typeof CoalitionInvitedSchema>;

export const CoalitionExportQuery = z.strictObject({
  format: z.enum(["csv", "json"]).default("csv").openapi({ param: { name: "format", in: "query" } }),
});

export const CoalitionContactParams = z.object({
  slug: Slug.openapi({ param: { name: "slug", in: "path" } }),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: "id", in: "path" } }),
});
