import { html, raw } from "hono/html";
import type { LetterBlock } from "../../contract/letter";
import type { Campaign, Locale } from "../../schema/tables";
import { t } from "../i18n";
import { letterHtml } from "../letter/html";
import { plainText } from "../letter/plain-text";
import type { publicCampaign } from "../queries/campaigns";
import type { letterLifeIn } from "../services/letter-life";
import { countPhrase, markLabel } from "../services/public-notes";
import type { PublicSignature } from "../../contract";
import { calendarDate } from "../lib/calendar-date";
import { sharedPageUrl } from "../lib/urls";
import { page } from "./layout";

export interface CampaignPageInput {
  campaign: Campaign;
  view: ReturnType<typeof publicCampaign>;
  /** The deadline while open; the delivery and the responses once delivered. */
  life: Awaited<ReturnType<typeof letterLifeIn>>;
  locale: Locale;
  /** The page's language is not one of the letter's: it says so, with a link to the letter's own. */
  untranslated?: boolean;
  signatures: PublicSignature[];
  nextPageUrl: string | null;
  canonicalUrl: string;
  /** The partner whose link brought the reader (`?ref=`): the widget's sign-ons name it. */
  partner?: string | null;
}

/** A description for search engines and link previews: the letter's first paragraph, cut at a word. */
function summary(blocks: LetterBlock[]): string {
  const first = blocks.find((block) => block.type === "paragraph");
  const opening = first ? plainText(first.children).replace(/\s+/g, " ").trim() : "";
  return opening.length <= 200 ? opening : `${opening.slice(0, 200).replace(/\s+\S*$/, "")}…`;
}

function place(signature: PublicSignature, countries: Intl.DisplayNames): string {
  const country = signature.country ? countries.of(signature.country) : undefined;
  return [signature.city, signature.region, country].filter(Boolean).join(", ");
}

// The signatories (up to 500 a page) sit below the letter, out of view: `content-visibility: auto`
// spares the browser their layout until they are scrolled to (the widget usually replaces them
// first), with a height estimated from their number (`contain-intrinsic-size`, on the list).
const styles = raw(`<style>
main{max-width:46rem}
article header{margin-bottom:1.5rem}
.addressees{list-style:none;padding:0;margin:.5rem 0}
.signatories{padding-left:1.5rem;content-visibility:auto}
.signatories li{margin:.35rem 0}
.members{display:block;font-size:.9rem;opacity:.8}
.mark{color:light-dark(#137333,#81c995);font-weight:700}
article{overflow-wrap:break-word}
sup{line-height:0}
article blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid color-mix(in srgb,CanvasText 25%,transparent)}
article pre{white-space:pre-wrap}
article li>p{margin:.25rem 0}
.notes{margin-top:1.5rem;padding-top:.75rem;border-top:1px solid color-mix(in srgb,CanvasText 20%,transparent);font-size:.9rem}
.life{margin:1.5rem 0;padding:.75rem 1rem;border-left:3px solid color-mix(in srgb,CanvasText 25%,transparent)}
.life p{margin:.5rem 0}
.responses{padding-left:1.25rem}
.responses li{margin:.5rem 0}
</style>`);

/** Open Graph names locales language_TERRITORY: the coalitions' Spanish is Latin American, their French Canadian. */
const OG_LOCALES: Record<Locale, string> = { en: "en_US", es: "es_LA", fr: "fr_CA" };

/** The ✓ after a name, labelled for screen readers; the legend above the list says what it means. */
function authenticityMark(signature: PublicSignature, locale: Locale) {
  if (!signature.authenticated) return "";
  const label = markLabel(signature.authenticated, locale);
  return html` <span class="mark" role="img" aria-label="${label}" title="${label}">✓</span>`;
}

/** How the letter was delivered and what its addressees answered, under the letter, as the widget shows them. */
function deliveryAndResponses({ delivery, responses }: CampaignPageInput["life"], locale: Locale) {
  if (!delivery) return "";
  return html`<section class="life" aria-labelledby="delivery">
<p id="delivery"><strong>${delivery.text}</strong> <a href="${delivery.canonicalUrl}">${t(locale, "deliveryRecordLink")}</a></p>
${
  responses.length
    ? html`<h2 id="responses">${t(locale, "responsesHeading")}</h2>
<ul class="responses">${responses.map(
        (response) => html`<li><strong>${response.url ? html`<a href="${response.url}">${response.respondent}</a>` : response.respondent}</strong>, ${calendarDate(locale, response.respondedOn)}${locale === "fr" ? "\u00a0:" : ":"} <span lang="${response.lang}">${response.summary}</span></li>`,
      )}</ul>`
    : ""
}
</section>`;
}

/** Asked for in a language the letter is not written in: say so, and offer the letter's own, through the same partner. */
function onlyInNotice(locale: Locale, original: Locale, canonicalUrl: string, partner: string | null | undefined) {
  const language = new Intl.DisplayNames([locale], { type: "language" }).of(original) ?? original;
  return html`<p class="muted" role="note">${t(locale, "pageOnlyIn", { language })} <a href="${canonicalUrl}?lang=${original}${partner ? `&ref=${partner}` : ""}" hreflang="${original}">${t(locale, "pageSwitch", { language })}</a></p>`;
}

/**
 * The hosted campaign page: the letter and its signatories rendered on the server, readable without
 * JavaScript and by search engines. Inside `<undersigned-campaign>`, so that the widget replaces it
 * in the browser with the live list and the sign-on form.
 */
export function campaignPage(input: CampaignPageInput) {
  const { campaign, view, life, locale, signatures, nextPageUrl, canonicalUrl } = input;
  const { letter } = view;
  const countries = new Intl.DisplayNames([locale], { type: "region" });
  // The letter's date is part of the letter: written as its own language writes dates.
  const date = letter.date ? calendarDate(letter.lang, letter.date) : "";
  const description = summary(letter.blocks);
  const urlIn = (lang: Locale) => sharedPageUrl(canonicalUrl, campaign, lang);
  const alternates = view.languages.map((lang) => html`<link rel="alternate" hreflang="${lang}" href="${urlIn(lang)}">`);
  // What a shared link previews: the title and the live count, in the page's language.
  const preview = t(locale, "ogDescription", { count: countPhrase(campaign, view.count, locale) });
  const head = html`<link rel="canonical" href="${urlIn(locale)}">
${alternates}
<link rel="alternate" hreflang="x-default" href="${canonicalUrl}">
<meta property="og:type" content="article">
<meta property="og:title" content="${letter.title}">
<meta property="og:description" content="${preview}">
<meta property="og:url" content="${urlIn(locale)}">
<meta property="og:locale" content="${OG_LOCALES[locale]}">
${view.languages.filter((lang) => lang !== locale).map((lang) => html`<meta property="og:locale:alternate" content="${OG_LOCALES[lang]}">`)}
<meta name="twitter:card" content="summary">
${styles}
<script type="module" src="/widget.js"></script>`;
  return page(
    { lang: locale, title: letter.title, description, head },
    // The title stays outside the widget, which replaces what it wraps: the page keeps its heading.
    html`${input.untranslated ? onlyInNotice(locale, campaign.language, canonicalUrl, input.partner) : ""}<h1 id="letter-title" lang="${letter.partLang.title}">${letter.title}</h1>
<undersigned-campaign campaign="${campaign.slug}" lang="${locale}"${input.partner ? html` partner="${input.partner}"` : ""}>
<article aria-labelledby="letter-title" lang="${letter.partLang.body}">
<header>
${date ? html`<p>${date}</p>` : ""}
<ul class="addressees" lang="${letter.partLang.addressees}">${letter.addressees.map((addressee) => html`<li>${addressee}</li>`)}</ul>
${letter.cc.length ? html`<p lang="${letter.partLang.cc}">${t(letter.partLang.cc, "pageCc")} ${letter.cc.join("; ")}</p>` : ""}
</header>
${letter.salutation ? html`<p lang="${letter.partLang.salutation}">${letter.salutation}</p>` : ""}
${raw(letterHtml(letter))}
</article>
${deliveryAndResponses(life, locale)}
<section aria-labelledby="signatories">
<h2 id="signatories">${t(locale, "pageSignatories")}</h2>
<p>${t(locale, new Intl.PluralRules(locale).select(view.count) === "one" ? "pageCountOne" : "pageCountOther", { count: new Intl.NumberFormat(locale).format(view.count) })}</p>
${life.deadline ? html`<p>${life.deadline}</p>` : ""}
${view.status === "closed" ? html`<p><strong>${t(locale, "pageClosed")}</strong></p>` : html`<noscript><p>${t(locale, "pageNoScript")}</p></noscript>`}
${view.authenticityNote ? html`<p class="muted">${view.authenticityNote}</p>` : ""}
<ul class="signatories" style="contain-intrinsic-size:auto ${Math.max(signatures.length, 1) * 2.6}em">
${signatures.map(
  (signature) => html`<li><strong>${signature.name}</strong>${authenticityMark(signature, locale)}${place(signature, countries) ? html`, ${place(signature, countries)}` : ""}${
    signature.members.length ? html`<span class="members">${t(locale, "pageMembers")} ${signature.members.join(", ")}</span>` : ""
  }</li>`,
)}
</ul>
${nextPageUrl ? html`<p><a rel="next" href="${nextPageUrl}">${t(locale, "pageMore")}</a></p>` : view.unnamedNote ? html`<p>${view.unnamedNote}</p>` : ""}
</section>
</undersigned-campaign>`,
  );
}
