import { describe, expect, it } from "vitest";
import { call, seedCampaign, signAndConfirm } from "../support/worker";

const translated = { es: { title: "Carta a los líderes" }, fr: { title: "Lettre aux dirigeants" } };

describe("GET /c/:slug, shared as a link", () => {
  it("previews with its title and live count in each of its languages", async () => {
    const campaign = await seedCampaign({ title: "Letter to the Leaders", translations: translated });
    await signAndConfirm(campaign.slug);
    await signAndConfirm(campaign.slug);
    const base = `https://undersigned.test/c/${campaign.slug}`;

    for (const [lang, title, description, locale] of [
      ["en", "Letter to the Leaders", "A sign-on letter, with 2 organizations so far: read it and see who signed.", "en_US"],
      ["es", "Carta a los líderes", "Una carta colectiva, con 2 organizaciones hasta ahora: léala y vea quiénes firmaron.", "es_LA"],
      ["fr", "Lettre aux dirigeants", "Une lettre collective, avec 2 organisations à ce jour\u00a0: lisez-la et voyez qui l’a signée.", "fr_CA"],
    ]) {
      const response = await call(`/c/${campaign.slug}?lang=${lang}`);
      const page = await response.text();
      const own = lang === "en" ? base : `${base}?lang=${lang}`;

      expect(response.headers.get("Cache-Control")).toMatch(/^public/);
      expect(page).not.toContain("noindex");
      expect(page).toContain(`<meta property="og:title" content="${title}">`);
      expect(page).toContain(`<meta property="og:description" content="${description}">`);
      expect(page).toContain(`<meta property="og:url" content="${own}">`);
      expect(page).toContain(`<meta property="og:locale" content="${locale}">`);
      expect(page).toContain(`<link rel="canonical" href="${own}">`);
      expect(page).toContain('<meta name="twitter:card" content="summary">');
      for (const [other, href] of [["en", base], ["es", `${base}?lang=es`], ["fr", `${base}?lang=fr`], ["x-default", base]]) {
        expect(page).toContain(`<link rel="alternate" hreflang="${other}" href="${href}">`);
      }
    }
  });
});

describe("GET /sitemap.xml", () => {
  it("lists each public letter's page in each of its languages, with their alternates, and no drafts", async () => {
    const campaign = await seedCampaign({ translations: translated });
    const draft = await seedCampaign({ status: "draft" });

    const response = await call("/sitemap.xml");
    const xml = await response.text();

    expect(response.headers.get("Content-Type")).toMatch(/^application\/xml/);
    expect(xml).toContain(`<loc>https://undersigned.test/c/${campaign.slug}</loc>`);
    expect(xml).toContain(`<loc>https://undersigned.test/c/${campaign.slug}?lang=fr</loc>`);
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="es" href="https://undersigned.test/c/${campaign.slug}?lang=es"/>`);
    expect(xml).not.toContain(`/c/${draft.slug}`);
  });

  it("is named in robots.txt", async () => {
    expect(await (await call("/robots.txt")).text()).toContain("Sitemap: https://undersigned.test/sitemap.xml");
  });
});
