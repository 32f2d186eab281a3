import { html } from "hono/html";
import type { Locale } from "../../schema/tables";
import { t } from "../i18n";
import { page } from "./layout";

/** An invitation's unsubscribe link that points to nothing we know: the reader's browser chooses the language. */
export const coalitionInvalidPage = (locale: Locale) =>
  page(
    { lang: locale, title: t(locale, "invalidTitle") },
    html`<div class="card"><h1>${t(locale, "invalidTitle")}</h1><p>${t(locale, "coalitionUnsubscribeInvalidText")}</p></div>`,
  );
