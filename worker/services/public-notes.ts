import type { Authenticated } from "../../contract";
import type { Campaign, Locale } from "../../schema/tables";
import { t } from "../i18n";

/**
 * What public surfaces say of what they leave out or mark: the signatories counted but not named
 * (DESIGN.md: signers at risk) and what the mark of authenticity means. One wording for the API,
 * the hosted page and the letter-ready exports, so that each says the same in each language.
 */

const onlyOrganizations = (campaign: Pick<Campaign, "signerKinds">) => campaign.signerKinds.length === 1 && campaign.signerKinds[0] === "organization";

/** “73 organizations” (or “signatories”, where individuals sign too), in `lang`. */
export function countPhrase(campaign: Pick<Campaign, "signerKinds">, count: number, lang: Locale): string {
  const plural = new Intl.PluralRules(lang).select(count) === "one" ? "One" : "Other";
  return t(lang, `${onlyOrganizations(campaign) ? "organizations" : "signatories"}${plural}`, { count: new Intl.NumberFormat(lang).format(count) });
}

/** “and 3 organizations that asked not to be named”, or null when none did. */
export function unnamedNote(campaign: Pick<Campaign, "signerKinds">, unnamedCount: number, lang: Locale): string | null {
  if (unnamedCount <= 0) return null;
  const plural = new Intl.PluralRules(lang).select(unnamedCount) === "one" ? "One" : "Other";
  const kind = onlyOrganizations(campaign) ? "unnamedOrganizations" : "unnamedSignatories";
  return t(lang, `${kind}${plural}`, { count: new Intl.NumberFormat(lang).format(unnamedCount) });
}

/** The one-sentence explanation of the mark, where the campaign shows it. */
export const authenticityNote = (campaign: Pick<Campaign, "showAuthenticity">, lang: Locale) =>
  campaign.showAuthenticity ? t(lang, "authenticityNote") : null;

/** The mark an entry shows publicly: none where the campaign does not show marks. */
export const publicMark = (campaign: Pick<Campaign, "showAuthenticity">, authenticated: Authenticated | null) =>
  campaign.showAuthenticity ? authenticated : null;

/** The mark's accessible label. */
export const markLabel = (mark: Authenticated, lang: Locale) => t(lang, mark === "domain" ? "authenticDomain" : "authenticOrganizer");
