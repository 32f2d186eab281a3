import { html } from "hono/html";
import type { Locale } from "../../schema/tables";
import { t, type MessageKey } from "../i18n";
import type { TokenState } from "../services/signer-links";
import { page } from "./layout";

const STATE_MESSAGES: Record<"invalid" | "expired" | "used", [MessageKey, MessageKey]> = {
  invalid: ["invalidTitle", "invalidText"],
  expired: ["expiredTitle", "expiredText"],
  used: ["usedTitle", "usedText"],
};

/** What a link that can no longer act says: a page in the signer's language, never an error dump. */
export function linkStatePage(found: Exclude<TokenState, { state: "valid" }>, campaignUrl?: string) {
  const locale = found.state === "invalid" ? "en" : found.signature.locale;
  const [titleKey, textKey] = STATE_MESSAGES[found.state];
  return page(
    { lang: locale, title: t(locale, titleKey) },
    html`<div class="card"><h1>${t(locale, titleKey)}</h1><p>${t(locale, textKey)}</p>
${campaignUrl ? html`<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p>` : ""}</div>`,
  );
}

/** The page a link opens: it says what the button will do; only the button (a POST) does it. */
export function linkActionPage(locale: Locale, keys: { title: MessageKey; lead: MessageKey; button: MessageKey }, vars: Record<string, string>) {
  return page(
    { lang: locale, title: t(locale, keys.title) },
    html`<div class="card"><h1>${t(locale, keys.title)}</h1>
<p>${t(locale, keys.lead, vars)}</p>
<form method="post"><button type="submit">${t(locale, keys.button)}</button></form>
<p class="muted">${t(locale, "confirmNote")}</p></div>`,
  );
}

export function linkDonePage(locale: Locale, title: string, message: string, campaignUrl: string) {
  return page(
    { lang: locale, title },
    html`<div class="card" role="status"><h1>${title}</h1><p>${message}</p>
<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p></div>`,
  );
}
