import { html, raw } from "hono/html";
import type { Campaign, Locale } from "../../schema/tables";
import { t } from "../i18n";
import type { publicCampaign } from "../queries/campaigns";
import type { PublicSignature } from "../queries/signatures";
import { page } from "./layout";

export interface CampaignPageInput {
  campaign: Campaign;
  view: ReturnType<typeof publicCampaign>;
  locale: Locale;
  signatures: PublicSignature[];
  nextPageUrl: string | null;
  canonicalUrl: string;
}

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);

/** A description for search engines and link previews: the letter's opening, cut at a word. */
function summary(body: string): string {
  const opening = paragraphs(body)[0]?.replace(/\s+/g, " ") ?? "";
  return opening.length <= 200 ? opening : `${opening.slice(0, 200).replace(/\s+\S*$/, "")}…`;
}

function place(signature: PublicSignature, countries: Intl.DisplayNames): string {
  const country = signature.country ? countries.of(signature.country) : undefined;
  return [signature.city, signature.region, country].filter(Boolean).join(", ");
}

const styles = raw(`<style>
main{max-width:46rem}
article header{margin-bottom:1.5rem}
.addressees{list-style:none;padding:0;margin:.5rem 0}
.signatories{padding-left:1.5rem}
.signatories li{margin:.35rem 0}
.members{display:block;font-size:.9rem;opacity:.8}
</style>`);

/**
 * The hosted campaign page: the letter and its signatories rendered on the server, readable without
 * JavaScript and by search engines. Inside `<undersigned-campaign>`, so that the widget replaces it
 * in the browser with the live list and the sign-on form.
 */
export function campaignPage(input: CampaignPageInput) {
  const { campaign, view, locale, signatures, nextPageUrl, canonicalUrl } = input;
  const { letter } = view;
  const countries = new Intl.DisplayNames([locale], { type: "region" });
  const date = letter.date ? new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${letter.date}T00:00:00Z`)) : "";
  const description = summary(letter.body);
  const alternates = view.languages.map(
    (lang) => html`<link rel="alternate" hreflang="${lang}" href="${canonicalUrl}?lang=${lang}">`,
  );
  const head = html`<link rel="canonical" href="${canonicalUrl}${locale === campaign.language ? "" : `?lang=${locale}`}">
${alternates}
<meta property="og:type" content="article">
<meta property="og:title" content="${letter.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${canonicalUrl}">
<meta name="twitter:card" content="summary">
${styles}
<script type="module" src="/widget.js"></script>`;
  return page(
    { lang: locale, title: letter.title, description, head },
    // The title stays outside the widget, which replaces what it wraps: the page keeps its heading.
    html`<h1 id="letter-title" lang="${letter.partLang.title}">${letter.title}</h1>
<undersigned-campaign campaign="${campaign.slug}" lang="${locale}">
<article aria-labelledby="letter-title" lang="${letter.partLang.body}">
<header>
${date ? html`<p>${date}</p>` : ""}
<ul class="addressees" lang="${letter.partLang.addressees}">${letter.addressees.map((addressee) => html`<li>${addressee}</li>`)}</ul>
${letter.cc.length ? html`<p lang="${letter.partLang.cc}">CC: ${letter.cc.join("; ")}</p>` : ""}
</header>
${letter.salutation ? html`<p lang="${letter.partLang.salutation}">${letter.salutation}</p>` : ""}
${paragraphs(letter.body).map((paragraph) => html`<p>${paragraph}</p>`)}
</article>
<section aria-labelledby="signatories">
<h2 id="signatories">${t(locale, "pageSignatories")}</h2>
<p>${t(locale, new Intl.PluralRules(locale).select(view.count) === "one" ? "pageCountOne" : "pageCountOther", { count: new Intl.NumberFormat(locale).format(view.count) })}</p>
${view.status === "closed" ? html`<p><strong>${t(locale, "pageClosed")}</strong></p>` : html`<noscript><p>${t(locale, "pageNoScript")}</p></noscript>`}
<ul class="signatories">
${signatures.map(
  (signature) => html`<li><strong>${signature.name}</strong>${place(signature, countries) ? html`, ${place(signature, countries)}` : ""}${
    signature.members.length ? html`<span class="members">${t(locale, "pageMembers")} ${signature.members.join(", ")}</span>` : ""
  }</li>`,
)}
</ul>
${nextPageUrl ? html`<p><a rel="next" href="${nextPageUrl}">${t(locale, "pageMore")}</a></p>` : ""}
</section>
</undersigned-campaign>`,
  );
}
