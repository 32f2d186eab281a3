import type { Context } from "hono";
import type { Campaign, Locale } from "../../schema/tables";
import type { AppEnv } from "../env";

/** The deployment's public origin for links in emails: `PUBLIC_URL`, else the request's. */
export function publicBaseUrl(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_URL || new URL(c.req.url).origin).replace(/\/+$/, "");
}

/** A website as stored: what was typed, with https:// where no scheme was. */
export const withScheme = (website: string) => (/^https?:\/\//i.test(website) ? website : `https://${website}`);

/** A campaign's own page in `locale`, said even when it is the letter's: without it, the reader's browser would choose. */
export function campaignPageUrl(baseUrl: string, campaign: Pick<Campaign, "slug">, locale: Locale): string {
  return `${baseUrl}/c/${campaign.slug}?lang=${locale}`;
}

/**
 * The address a hosted page is shared and indexed under in `lang`: the bare one for the letter's
 * own language (also `x-default`: other readers' browsers choose there), `?lang=` for the others.
 */
export const sharedPageUrl = (pageUrl: string, campaign: Pick<Campaign, "language">, lang: Locale) =>
  lang === campaign.language ? pageUrl : `${pageUrl}?lang=${lang}`;
