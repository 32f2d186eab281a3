import { html } from "hono/html";
import type { Locale } from "../../schema/tables";
import { t, type MessageKey } from "../i18n";
import type { SignerLinkPurpose, TokenState } from "../services/signer-links";
import { page } from "./layout";

/** What each kind of link says once it can no longer act: `[title, text]`. */
const STATE_MESSAGES: Record<SignerLinkPurpose, Record<"expired" | "used", [MessageKey, MessageKey]>> = {
  verify: { expired: ["expiredTitle", "expiredText"], used: ["usedTitle", "usedText"] },
  withdraw: { expired: ["expiredTitle", "withdrawExpiredText"], used: ["usedTitle", "withdrawUsedText"] },
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

/** The page a link opens: it says what the button will do; only the button (a POST) does it. */
export function linkActionPage(
  locale: Locale,
  keys: { title: MessageKey; lead: MessageKey; button: MessageKey; note: MessageKey },
  vars: Record<string, string>,
) {
  return page(
    { lang: locale, title: t(locale, keys.title) },
    html`<div class="card"><h1>${t(locale, keys.title)}</h1>
<p>${t(locale, keys.lead, vars)}</p>
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
