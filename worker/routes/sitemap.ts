import { Hono } from "hono";
import { ne } from "drizzle-orm";
import { campaigns } from "../../schema/tables";
import type { AppEnv } from "../env";
import { publicBaseUrl, sharedPageUrl } from "../lib/urls";
import { campaignLanguages } from "../queries/campaigns";

/** `/sitemap.xml` and `/robots.txt`: so that a letter's hosted page is found, in each of its languages. */
export const sitemap = new Hono<AppEnv>();

/** A sitemap holds at most 50,000 addresses (sitemaps.org); a deployment has far fewer letters. */
const MAX_PAGES = 50_000;

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

sitemap.get("/sitemap.xml", async (c) => {
  const base = publicBaseUrl(c);
  // Drafts are not public; every other letter has a page.
  const rows = await c.get("db")
    .select({ slug: campaigns.slug, language: campaigns.language, translations: campaigns.translations, updatedAt: campaigns.updatedAt })
    .from(campaigns)
    .where(ne(campaigns.status, "draft"))
    .limit(MAX_PAGES)
    .all();
  const entries: string[] = [];
  for (const campaign of rows) {
    const pageUrl = `${base}/c/${campaign.slug}`;
    const languages = campaignLanguages(campaign);
    // Each language's page lists every alternate, itself included (as search engines ask).
    const alternates = [
      ...languages.map((lang) => `<xhtml:link rel="alternate" hreflang="${lang}" href="${xmlEscape(sharedPageUrl(pageUrl, campaign, lang))}"/>`),
      `<xhtml:link rel="alternate" hreflang="x-default" href="${xmlEscape(pageUrl)}"/>`,
    ].join("");
    for (const lang of languages) {
      entries.push(`<url><loc>${xmlEscape(sharedPageUrl(pageUrl, campaign, lang))}</loc><lastmod>${campaign.updatedAt.toISOString()}</lastmod>${alternates}</url>`);
    }
  }
  c.header("Content-Type", "application/xml; charset=utf-8");
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join("\n")}\n</urlset>\n`,
  );
});

sitemap.get("/robots.txt", (c) => {
  c.header("Cache-Control", "public, max-age=3600");
  // The console and the signers' links are nobody's to index; the letters' pages are.
  return c.text(`User-agent: *\nDisallow: /admin\nDisallow: /api/\nDisallow: /verify/\nDisallow: /withdraw/\nDisallow: /unsubscribe/\nDisallow: /manage/\nDisallow: /coalition/\nAllow: /\n\nSitemap: ${publicBaseUrl(c)}/sitemap.xml\n`);
});
