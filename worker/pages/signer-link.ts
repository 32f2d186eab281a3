import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Locale, SignOnDetails } from "../../schema/tables";
import { t, type MessageKey } from "../i18n";
import { fieldsOfSignOn } from "../lib/signature-model";
import type { SignerLinkPurpose, TokenState } from "../services/signer-links";
import { page } from "./layout";

/** What each kind of link says once it can no longer act: `[title, text]`. */
const STATE_MESSAGES: Record<SignerLinkPurpose, Record<"expired" | "used", [MessageKey, MessageKey]>> = {
  verify: { expired: ["expiredTitle", "expiredText"], used: ["usedTitle", "usedText"] },
  withdraw: { expired: ["expiredTitle", "withdrawExpiredText"], used: ["usedTitle", "withdrawUsedText"] },
  unsubscribe: { expired: ["unsubscribedTitle", "unsubscribeUsedText"], used: ["unsubscribedTitle", "unsubscribeUsedText"] },
};

function messagePage(locale: Locale, [titleKey, textKey]: [MessageKey, MessageKey], campaignUrl?: string) {
  return page(
    { lang: locale, title: t(locale, titleKey) },
    html`<div class="card"><h1>${t(locale, titleKey)}</h1><p>${t(locale, textKey)}</p>
${campaignUrl ? html`<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p>` : ""}</div>`,
  );
}

/** A link that points to nothing we know: no signer, so the reader's browser chooses the language. */
export const invalidLinkPage = (locale: Locale, purpose: SignerLinkPurpose) =>
  messagePage(locale, ["invalidTitle", purpose === "verify" ? "invalidText" : "withdrawInvalidText"]);

/** What a link that can no longer act says: a page in the signer's language, never an error dump. */
export function linkStatePage(found: Extract<TokenState, { state: "expired" | "used" }>, purpose: SignerLinkPurpose, campaignUrl: string) {
  return messagePage(found.signature.locale, STATE_MESSAGES[purpose][found.state], campaignUrl);
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
  return html`<p>${t(locale, "confirmDetails")}</p>
<dl>${fields.filter(([, value]) => value).map(([label, value]) => html`<dt>${t(locale, label)}</dt><dd>${value}</dd>`)}${
    published.members.length ? html`<dt>${t(locale, "detailMembers")}</dt><dd><ul>${published.members.map((member) => html`<li>${member}</li>`)}</ul></dd>` : ""
  }</dl>
${contact ? html`<dl class="muted"><dt>${t(locale, "detailContact")}</dt><dd>${contact}</dd></dl>` : ""}`;
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
