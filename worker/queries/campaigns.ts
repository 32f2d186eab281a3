import { eq } from "drizzle-orm";
import { campaigns, type Campaign, type Locale } from "../../schema/tables";
import type { Database } from "../env";

export function findCampaignBySlug(db: Database, slug: string) {
  return db.select().from(campaigns).where(eq(campaigns.slug, slug)).get();
}

/** Open means: status `open` and the deadline, if any, not yet passed. */
export function isAcceptingSignatures(campaign: Campaign, now = Date.now()): boolean {
  return campaign.status === "open" && (!campaign.closesAt || campaign.closesAt.getTime() > now);
}

export function campaignLanguages(campaign: Campaign): Locale[] {
  const translated = Object.keys(campaign.translations) as Locale[];
  return [campaign.language, ...translated.filter((lang) => lang !== campaign.language)];
}

/** The letter in `lang` where a translation exists, field by field, else in its own language. */
export function letterIn(campaign: Campaign, lang: Locale | undefined) {
  const translation = (lang && lang !== campaign.language && campaign.translations[lang]) || {};
  return {
    /** The language of the body: a translation may cover only the title and addressees. */
    lang: translation.body ? lang! : campaign.language,
    title: translation.title ?? campaign.title,
    date: campaign.letterDate,
    addressees: translation.addressees ?? campaign.addressees,
    cc: translation.cc ?? campaign.cc,
    salutation: translation.salutation ?? campaign.salutation,
    body: translation.body ?? campaign.body,
  };
}

/** The campaign's title in `lang` where translated: emails and pages speak the signer's language. */
export const titleIn = (campaign: Campaign, lang: Locale) => letterIn(campaign, lang).title;

/** The public view of a campaign: what the widget and partners read. */
export function publicCampaign(campaign: Campaign, lang?: Locale) {
  const letter = letterIn(campaign, lang);
  return {
    slug: campaign.slug,
    title: letter.title,
    status: isAcceptingSignatures(campaign) ? ("open" as const) : ("closed" as const),
    closesAt: campaign.closesAt?.toISOString() ?? null,
    languages: campaignLanguages(campaign),
    signerKinds: campaign.signerKinds,
    version: campaign.version,
    listVersion: campaign.listVersion,
    count: campaign.signatureCount,
    letter,
  };
}
