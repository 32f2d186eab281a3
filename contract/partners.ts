import { z } from "@hono/zod-openapi";
import { isCountryCode } from "./countries";

/** Which partner brought whom, and how far each country is from its target: the console's partners view. */

/**
 * Published signatures wanted per country, e.g. `{"US": 20, "MX": 20, "CA": 20}`: ISO 3166-1
 * alpha-2 codes in capitals, each a whole number from 1 to 100,000.
 */
export const CountryTargetsSchema = z
  .record(z.string(), z.number().int().min(1).max(100_000))
  .superRefine((targets, ctx) => {
    for (const country of Object.keys(targets)) {
      if (!isCountryCode(country)) ctx.addIssue({ code: "custom", path: [country], message: "must be an ISO 3166-1 alpha-2 country code in capitals", params: { code: "invalid_country" } });
    }
  })
  .refine((targets) => Object.keys(targets).length <= 250, { message: "must name at most 250 countries", params: { code: "too_many" } })
  .openapi({ description: "Published signatures wanted per country (ISO 3166-1 alpha-2 → count); the dashboard shows progress toward each.", example: { US: 20, MX: 20, CA: 20 } });
export type CountryTargets = z.infer<typeof CountryTargetsSchema>;

const tallies = {
  signOns: z.number().int().openapi({ description: "Sign-ons made (bots and imports not counted; unconfirmed ones until they are purged)." }),
  confirmations: z.number().int().openapi({ description: "Sign-ons their signer confirmed by email." }),
  publications: z.number().int().openapi({ description: "Signatures on the public list now." }),
};

const partner = z.string().nullable().openapi({ description: "The partner's short name; null: direct (no partner named)." });

export const PartnerStatsSchema = z
  .object({
    partners: z.array(z.object({ partner, ...tallies })).openapi({ description: "Each partner's totals, most sign-ons first (direct ones, under `partner: null`, after the partners with as many)." }),
    perDay: z
      .array(z.object({ day: z.string().openapi({ description: "YYYY-MM-DD, UTC" }), partner, ...tallies }))
      .openapi({ description: "Per day and partner: sign-ons by the day they were made, confirmations by the day confirmed, publications by the day published. Oldest day first." }),
    countries: z
      .array(
        z.object({
          country: z.string().openapi({ example: "MX" }),
          target: z.number().int().nullable().openapi({ description: "Published signatures wanted from this country (`countryTargets`); null: none set." }),
          published: z.number().int(),
          partners: z.array(z.string()).openapi({ description: "Partners that brought sign-ons from this country, by name." }),
        }),
      )
      .openapi({ description: "Every country with a target or a sign-on: targets first, in the order set, then the others by published count." }),
  })
  .openapi("PartnerStats");
export type PartnerStats = z.infer<typeof PartnerStatsSchema>;
