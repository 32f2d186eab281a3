import type { Locale } from "../../contract";
import type { Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { t } from "../i18n";
import { isAcceptingSignatures } from "../queries/campaigns";
import { deliveryView, findDelivery } from "./delivery";
import { listResponses, responseIn } from "./responses";

/** A list of names as a sentence in `lang`: "A, B and C". */
const listed = (lang: Locale, names: string[]) => new Intl.ListFormat(lang, { type: "conjunction" }).format(names);

/**
 * A zone's name as readers say it: "Central Standard Time", "hora de Europa central". The generic
 * name where there is one (it does not flip between summer and winter names); UTC's long name,
 * since its generic one is an offset ("GMT+00:00").
 */
function zoneName(lang: Locale, timeZone: string, at: Date) {
  const universal = /^(Etc\/)?(UTC|UCT|GMT|Universal|Zulu)$/i.test(timeZone);
  const parts = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: universal ? "long" : "longGeneric" }).formatToParts(at);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * When signing closes and what happens then, in `lang` and the campaign's time zone: "Signatures
 * close on December 20, 2026 at 11:59 PM (Central Standard Time). Then the letter goes to its
 * addressees." Null unless the campaign takes signatures and has a deadline.
 */
export function deadlineIn(campaign: Campaign, lang: Locale, now = Date.now()): string | null {
  const closesAt = campaign.closesAt;
  if (!closesAt || !isAcceptingSignatures(campaign, now)) return null;
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { ...options, timeZone: campaign.timeZone }).format(closesAt);
  return t(lang, "deadlineLine", { date: format({ dateStyle: "long" }), time: format({ timeStyle: "short" }), zone: zoneName(lang, campaign.timeZone, closesAt) });
}

/**
 * What a reader sees of the letter's life, rendered in their language and the campaign's time
 * zone: while open, the deadline; once delivered, the delivery ("Delivered to … on …, with 73
 * organizations") and the responses.
 */
export async function letterLifeIn(db: Database, campaign: Campaign, lang: Locale, baseUrl: string) {
  const deadline = deadlineIn(campaign, lang);
  if (campaign.status !== "delivered") return { deadline, delivery: null, responses: [] };
  const [delivery, responses] = await Promise.all([findDelivery(db, campaign.id), listResponses(db, campaign.id)]);
  if (!delivery) return { deadline, delivery: null, responses: [] };
  const onlyOrganizations = campaign.signerKinds.length === 1 && campaign.signerKinds[0] === "organization";
  const plural = new Intl.PluralRules(lang).select(delivery.signatureCount) === "one" ? "One" : "Other";
  const count = t(lang, `${onlyOrganizations ? "organizations" : "signatories"}${plural}`, { count: new Intl.NumberFormat(lang).format(delivery.signatureCount) });
  const date = deliveredOn(campaign, delivery.deliveredAt, lang);
  return {
    deadline,
    delivery: { ...deliveryView(delivery, campaign, baseUrl), text: t(lang, "deliveredLine", { recipients: listed(lang, delivery.recipients), date, count }) },
    responses: responses.map((response) => responseIn(response, campaign, lang)),
  };
}

/** The date a delivery happened, as a signer reads it. */
export const deliveredOn = (campaign: Campaign, deliveredAt: Date, lang: Locale) =>
  new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: campaign.timeZone }).format(deliveredAt);
