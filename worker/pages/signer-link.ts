import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Locale, SignOnDetails } from "../../schema/tables";
import { t, type MessageKey } from "../i18n";
import { fieldsOfSignOn } from "../lib/signature-model";
import { isAcceptingSignatures, titleIn } from "../queries/campaigns";
import type { SignerLinkPurpose, TokenState } from "../services/signer-links";
import { page } from "./layout";

/** What each kind of link says once it can no longer act: `[title, text]`. */
const STATE_MESSAGES: Record<SignerLinkPurpose, Record<"expired" | "used", [MessageKey, MessageKey]>> = {
  verify: { expired: ["expiredTitle", "expiredText"], used: ["usedTitle", "usedText"] },
  withdraw: { expired: ["expiredTitle", "withdrawExpiredText"], used: ["usedTitle", "withdrawUsedText"] },
  unsubscribe: { expired: ["unsubscribedTitle", "unsubscribeUsedText"], used: ["unsubscribedTitle", "unsubscribeUsedText"] },
  manage: { expired: ["expiredTitle", "manageExpiredText"], used: ["usedTitle", "withdrawUsedText"] },
};

function messagePage(locale: Locale, [titleKey, textKey]: [MessageKey, MessageKey], campaignUrl?: string, text = t(locale, textKey)) {
  return page(
    { lang: locale, title: t(locale, titleKey) },
    html`<div class="card"><h1>${t(locale, titleKey)}</h1><p>${text}</p>
${campaignUrl ? html`<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p>` : ""}</div>`,
  );
}

/** A link that points to nothing we know: no signer, so the reader's browser chooses the language. */
export const invalidLinkPage = (locale: Locale, purpose: SignerLinkPurpose) =>
  messagePage(locale, ["invalidTitle", purpose === "verify" ? "invalidText" : "withdrawInvalidText"]);

/** What a link that can no longer act says: a page in the signer's language, never an error dump. */
export function linkStatePage(found: Extract<TokenState, { state: "expired" | "used" }>, purpose: SignerLinkPurpose, campaignUrl: string) {
  const { signature, campaign } = found;
  const locale = signature.locale;
  const vars = { organization: signature.name, title: titleIn(campaign, locale), replyTo: campaign.replyTo ?? "" };
  // A confirmation link opened after the signature was withdrawn: "already confirmed" would read as
  // if it were still on the letter.
  if (purpose === "verify" && signature.status === "withdrawn") {
    const again = isAcceptingSignatures(campaign) ? ` ${t(locale, "verifyWithdrawnAgain")}` : "";
    return messagePage(locale, ["withdrawnTitle", "verifyWithdrawnText"], campaignUrl, t(locale, "verifyWithdrawnText", vars) + again);
  }
  // Without its link, the coalition's own address is the way to have a signature removed.
  if (purpose === "withdraw" && found.state === "expired" && campaign.replyTo) {
    return messagePage(locale, ["expiredTitle", "withdrawExpiredReplyText"], campaignUrl, t(locale, "withdrawExpiredReplyText", vars));
  }
  return messagePage(locale, STATE_MESSAGES[purpose][found.state], campaignUrl);
}

/**
 * Everything a verification link will publish, as the list will show it, and the contact that goes
 * with it: the signer confirms what they see, not only a name that someone else may have reused.
 */
export function signOnDetailsList(details: SignOnDetails) {
  const { locale } = details;
  const published = fieldsOfSignOn(details);
  const country = published.country ? `${new Intl.DisplayNames([locale], { type: "region" }).of(published.country)} (${published.country})` : null;
  const fields: Array<[MessageKey, string | null]> = [
    [published.kind === "organization" ? "detailOrganization" : "detailName", published.name],
    ["detailAffiliation", published.affiliation],
    ["detailCity", published.city],
    ["detailRegion", published.region],
    ["detailCountry", country],
    ["detailWebsite", published.website],
  ];
  const contact = [published.contactName, published.contactTitle].filter(Boolean).join(", ");
  // Asked not to be named: counted, and what follows goes to the organizers only.
  return html`<p>${t(locale, details.unnamed ? "unnamedConfirmNote" : "confirmDetails")}</p>
<dl>${fields.filter(([, value]) => value).map(([label, value]) => html`<dt>${t(locale, label)}</dt><dd>${value}</dd>`)}${
    published.members.length ? html`<dt>${t(locale, "detailMembers")}</dt><dd><ul>${published.members.map((member) => html`<li>${member}</li>`)}</ul></dd>` : ""
  }</dl>
${contact ? html`<dl class="muted"><dt>${t(locale, "detailContact")}</dt><dd>${contact}</dd></dl>` : ""}
${details.coalitionConsent ? html`<p class="muted">${t(locale, "coalitionConsentDetail")}</p>` : ""}`;
}

/** The page a link opens: it says what the button will do; only the button (a POST) does it. */
export function linkActionPage(
  locale: Locale,
  keys: { title: MessageKey; lead: MessageKey; button: MessageKey; note: MessageKey },
  vars: Record<string, string>,
  details: HtmlEscapedString | Promise<HtmlEscapedString> | "" = "",
) {
  return page(
    { lang: locale, title: t(locale, keys.title) },
    html`<div class="card"><h1>${t(locale, keys.title)}</h1>
<p>${t(locale, keys.lead, vars)}</p>
${details}
<form method="post"><button type="submit">${t(locale, keys.button)}</button></form>
<p class="muted">${t(locale, keys.note)}</p></div>`,
  );
}

export function linkDonePage(locale: Locale, title: string, message: string, campaignUrl: string) {
  return page(
    { lang: locale, title },
    html`<div class="card" role="status"><h1>${title}</h1><p>${message}</p>
<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p></div>`,
  );
}
