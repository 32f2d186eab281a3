import { Hono } from "hono";
import { z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { preferredLocale } from "../i18n";
import { turnstileSiteKey } from "../lib/turnstile";
import { publicBaseUrl } from "../lib/urls";
import { validated } from "../lib/validation";
import { publicCampaign } from "../middleware";
import { campaignLanguages, publicCampaign as publicCampaignView } from "../queries/campaigns";
import { listPublishedSignatures, publicSignature } from "../queries/signatures";
import { campaignPage } from "../pages/campaign";
import { letterLifeIn } from "../services/letter-life";
import { LocaleSchema, PartnerSchema, SignatureListQuery } from "../../contract";

/** `/c/:slug`: the campaign's own page, the one letters point to ("see signatories here"). */
export const campaignPages = new Hono<AppEnv>();

// Enough for a search engine and a reader without JavaScript to see every signatory, page by page.
const PAGE_SIZE = 500;

const PageQuery = z.object({ lang: LocaleSchema.optional(), after: SignatureListQuery.shape.cursor, ref: z.unknown().optional() });

campaignPages.get("/:slug", publicCampaign, validated("query", PageQuery), async (c) => {
  const campaign = c.get("campaign");
  const { lang, after, ref } = c.req.valid("query");
  // A partner's link (`?ref=red-migrante`) names the partner its sign-ons record; anything else is ignored.
  const partner = PartnerSchema.safeParse(ref).data ?? null;
  // Links from letters carry no language: a reader's browser chooses among the letter's languages,
  // else the letter's own, so that the page speaks one language. A language asked for by name is
  // kept, and the page says that the letter exists only in its own.
  const languages = campaignLanguages(campaign);
  const locale = lang ?? preferredLocale(c, campaign.language, languages);
  const rows = await listPublishedSignatures(c.get("db"), campaign.id, {
    limit: PAGE_SIZE,
    cursor: after ? decodeCursor(after) : undefined,
  });
  const life = await letterLifeIn(c.get("db"), campaign, locale, publicBaseUrl(c));
  const signatures = rows.slice(0, PAGE_SIZE);
  const last = signatures.at(-1);
  const canonicalUrl = `${publicBaseUrl(c)}/c/${campaign.slug}`;
  const nextPage = new URLSearchParams();
  if (lang) nextPage.set("lang", lang);
  if (partner) nextPage.set("ref", partner);
  if (rows.length > PAGE_SIZE && last) nextPage.set("after", encodeCursor(last.sortKey, last.id));

  // The widget runs here, so this page allows our own scripts (and Turnstile's, when configured).
  const challenge = turnstileSiteKey(c.env) ? " https://challenges.cloudflare.com" : "";
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'self'${challenge}; frame-src${challenge || " 'none'"}; connect-src 'self'; ` +
      "style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.header("Cache-Control", "public, max-age=60, stale-while-revalidate=600");
  c.header("Content-Language", locale);
  if (!lang) c.header("Vary", "Accept-Language");
  return c.html(
    campaignPage({
      campaign,
      view: publicCampaignView(campaign, locale),
      life,
      locale,
      untranslated: !languages.includes(locale),
      signatures: signatures.map((signature) => publicSignature(signature, campaign)),
      nextPageUrl: nextPage.has("after") ? `?${nextPage}` : null,
      canonicalUrl,
      partner,
    }),
  );
});
