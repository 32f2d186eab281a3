import { eq } from "drizzle-orm";
import { campaigns, type Campaign, type LetterTranslation, type Locale } from "../../schema/tables";
import type { Database } from "../env";
import { letterContent } from "../letter/parse";
import { calendarDate } from "../lib/calendar-date";
import { authenticityNote, unnamedNote } from "../services/public-notes";

export function findCampaignBySlug(db: Database, slug: string) {
  return db.select().from(campaigns).where(eq(campaigns.slug, slug)).get();
}

/** A query to run in a batch: sign-on rereads the campaign with what else decides a refusal. */
export function campaignById(db: Database, id: number) {
  return db.select().from(campaigns).where(eq(campaigns.id, id));
}

/** How long an isolate signs on against a campaign it read, and how many it keeps. */
const REMEMBER_MS = 2000;
const REMEMBERED_CAMPAIGNS = 100;

/** Insertion-ordered, so the first key is the oldest: evicted first. */
const remembered = new Map<string, { campaign: Campaign; until: number }>();

/**
 * The campaign for a sign-on, from this isolate's memory when it read it, open, in the last two
 * seconds: a letter signed by many at once costs D1 one campaign read per isolate every two seconds,
 * not one per sign-on. What must be exact is checked where it is written: the sign-on's insert runs
 * only while the campaign is open, and a refused one rereads it (`signOn`). A closed campaign is
 * never remembered, so one reopened is open at once. An organizer's edit in this isolate forgets it
 * (`forgetCampaign`); other isolates see it within the two seconds.
 */
export async function rememberedCampaign(db: Database, slug: string, now = Date.now()) {
  const kept = remembered.get(slug);
  if (kept && kept.until > now) return kept.campaign;
  remembered.delete(slug);
  const campaign = await findCampaignBySlug(db, slug);
  if (campaign && isAcceptingSignatures(campaign, now)) {
    remembered.set(slug, { campaign, until: now + REMEMBER_MS });
    if (remembered.size > REMEMBERED_CAMPAIGNS) remembered.delete(remembered.keys().next().value!);
  }
  return campaign;
}

export const forgetCampaign = (slug: string) => remembered.delete(slug);

/** Open means: status `open` and the deadline, if any, not yet passed. */
export function isAcceptingSignatures(campaign: Campaign, now = Date.now()): boolean {
  return campaign.status === "open" && (!campaign.closesAt || campaign.closesAt.getTime() > now);
}

export function campaignLanguages(campaign: Pick<Campaign, "language" | "translations">): Locale[] {
  const translated = Object.keys(campaign.translations) as Locale[];
  return [campaign.language, ...translated.filter((lang) => lang !== campaign.language)];
}

/** The letter in `lang` where a translation exists, field by field, else in its own language. */
export function letterIn(campaign: Campaign, lang: Locale | undefined) {
  const translation = (lang && lang !== campaign.language && campaign.translations[lang]) || {};
  const langOf = (part: keyof LetterTranslation) => (translation[part] === undefined ? campaign.language : lang!);
  return {
    /** The language of the body: a translation may cover only the title and addressees. */
    lang: langOf("body"),
    /** The language of each part, for `lang` attributes: screen readers pronounce each in its own. */
    partLang: { title: langOf("title"), addressees: langOf("addressees"), cc: langOf("cc"), salutation: langOf("salutation"), body: langOf("body") },
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

/** The public view of a campaign: what the widget and partners read, the body parsed for them. */
export function publicCampaign(campaign: Campaign, lang?: Locale) {
  const letter = letterIn(campaign, lang);
  return {
    slug: campaign.slug,
    title: letter.title,
    status: isAcceptingSignatures(campaign) ? ("open" as const) : campaign.status === "delivered" ? ("delivered" as const) : ("closed" as const),
    closesAt: campaign.closesAt?.toISOString() ?? null,
    timeZone: campaign.timeZone,
    languages: campaignLanguages(campaign),
    signerKinds: campaign.signerKinds,
    version: campaign.version,
    listVersion: campaign.listVersion,
    count: campaign.signatureCount,
    unnamedCount: campaign.unnamedCount,
    unnamedNote: unnamedNote(campaign, campaign.unnamedCount, lang ?? campaign.language),
    authenticityNote: authenticityNote(campaign, lang ?? campaign.language),
    // Written out here: the widget's first use of Intl costs a phone a long task, and a date is a fixed text.
    letter: { ...letter, dateText: letter.date && calendarDate(lang ?? campaign.language, letter.date), ...letterContent(letter.body) },
  };
}
