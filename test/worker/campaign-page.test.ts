import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { HOSTILE_LETTER, MARKDOWN_MARKERS, RICH_LETTER } from "../support/letters";
import { call, db, seedCampaign, signAndConfirm } from "../support/worker";

describe("GET /c/:slug", () => {
  it("renders the letter and its signatories on the server, for readers without JavaScript", async () => {
    const campaign = await seedCampaign({
      title: "Letter to the Leaders",
      body: "We, the undersigned organizations, write to you.\n\nSecond paragraph.",
      translations: { es: { title: "Carta a los líderes", body: "Las organizaciones abajo firmantes les escribimos.\n\nSegundo párrafo." } },
    });
    await signAndConfirm(campaign.slug, { organization: "Servicio Jesuita a Migrantes", country: "MX", city: "Ciudad de México", region: undefined });

    const response = await call(`/c/${campaign.slug}?lang=es`);
    const page = await response.text();

    expect(response.status).toBe(200);
    expect(page).toContain('<html lang="es">');
    expect(page).toContain("<title>Carta a los líderes</title>");
    expect(page).toContain('<meta name="description" content="Las organizaciones abajo firmantes les escribimos.">');
    expect(page).toContain('<meta property="og:title" content="Carta a los líderes">');
    expect(page).toContain("<p>Segundo párrafo.</p>");
    expect(page).toContain("<strong>Servicio Jesuita a Migrantes</strong>, Ciudad de México, México");
    expect(page).toContain("1 firma hasta ahora.");
    expect(page).toMatch(/<undersigned-campaign campaign="[^"]+" lang="es">/);
    expect(page).toContain('<script type="module" src="/widget.js"></script>');
  });

  it("speaks the reader's language when the link names none, and says so to caches", async () => {
    const campaign = await seedCampaign({ title: "Letter to the Leaders", translations: { fr: { title: "Lettre aux dirigeants" } } });

    const french = await call(`/c/${campaign.slug}`, { headers: { "Accept-Language": "de-DE, fr-CA;q=0.8, en;q=0.5" } });
    const unnamed = await call(`/c/${campaign.slug}`);
    const named = await call(`/c/${campaign.slug}?lang=es`, { headers: { "Accept-Language": "fr" } });

    expect(await french.text()).toContain('<html lang="fr">');
    expect(french.headers.get("Vary")).toContain("Accept-Language");
    expect(await unnamed.text()).toContain('<html lang="en">');
    expect(await named.text()).toContain('<html lang="es">');
    expect(named.headers.get("Vary") ?? "").not.toContain("Accept-Language");
  });

  it("keeps its heading when the widget takes over, and marks each part of a partial translation in its own language", async () => {
    const campaign = await seedCampaign({
      title: "Letter to the Leaders",
      salutation: "Dear Leaders,",
      translations: { es: { title: "Carta a los líderes", salutation: "Estimados líderes:" } },
    });

    const page = await (await call(`/c/${campaign.slug}?lang=es`)).text();

    expect(page.indexOf('<h1 id="letter-title" lang="es">Carta a los líderes</h1>')).toBeLessThan(page.indexOf("<undersigned-campaign"));
    expect(page).toContain('<article aria-labelledby="letter-title" lang="en">');
    expect(page).toContain('<p lang="es">Estimados líderes:</p>');
  });

  it("styles its text with the font it names, not an escaped copy", async () => {
    const campaign = await seedCampaign();
    const page = await (await call(`/c/${campaign.slug}`)).text();
    expect(page).toContain('"Segoe UI"');
    expect(page).not.toContain("&quot;Segoe UI&quot;");
  });

  it("lets its own scripts run and nothing else", async () => {
    const campaign = await seedCampaign();
    const response = await call(`/c/${campaign.slug}`);
    const policy = response.headers.get("Content-Security-Policy")!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
  });

  it("escapes what signers typed", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "<script>alert(1)</script> & Co" });
    const page = await (await call(`/c/${campaign.slug}`)).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
  });

  it("renders the letter's Markdown as HTML elements, in every language, with no marker left", async () => {
    const campaign = await seedCampaign({
      body: RICH_LETTER,
      translations: { es: { body: "Les pedimos **poner fin** a las [expulsiones](https://example.org/informe).[^1]\n\n[^1]: Informe de 2021." } },
    });

    const page = await (await call(`/c/${campaign.slug}`)).text();
    const letter = page.slice(page.indexOf("<article"), page.indexOf("</article>"));
    const spanish = await (await call(`/c/${campaign.slug}?lang=es`)).text();

    expect(letter).toContain("<h3>Our demand</h3>");
    expect(letter).toContain("<strong>end Title 42 expulsions</strong>");
    expect(letter).toContain('<a href="https://example.org/report">report</a> shows.<sup><a href="#note-1">1</a></sup>');
    expect(letter).toMatch(/<ol><li><p>Restore access to <em>asylum<\/em> at ports of entry.<\/p><\/li><li><p>Stop expulsion flights.<\/p><\/li><\/ol>/);
    expect(letter).toContain("<blockquote><p>Nobody should be sent back to danger.</p></blockquote>");
    expect(letter).toContain('<ol class="notes"><li id="note-1"><p>Human Rights First, <em>Human Rights Travesty</em>, 2021.</p></li></ol>');
    expect(letter.replace(/<[^>]*>/g, "")).not.toMatch(MARKDOWN_MARKERS);
    // The description is the first paragraph's words, not the heading's, and no marker.
    expect(page).toContain('<meta name="description" content="We call on you to end Title 42 expulsions now, as the report shows.">');
    expect(spanish).toContain('Les pedimos <strong>poner fin</strong> a las <a href="https://example.org/informe">expulsiones</a>.<sup><a href="#note-1">1</a></sup>');
    expect(spanish).toContain('<li id="note-1"><p>Informe de 2021.</p></li>');
  });

  it("shows a script link and raw HTML in the letter as inert text", async () => {
    const campaign = await seedCampaign({ body: HOSTILE_LETTER });

    const page = await (await call(`/c/${campaign.slug}`)).text();
    const letter = page.slice(page.indexOf("<article"), page.indexOf("</article>"));

    expect(letter).toContain("<p>Read the brief first.</p>");
    expect(letter).toContain("&#60;script&#62;window.pwned = true&#60;/script&#62;");
    expect(letter).not.toMatch(/<script|<img|<a href="(?!https?:|mailto:)/i);
  });

  it("pages through a long list with a link a crawler can follow", async () => {
    const campaign = await seedCampaign();
    const now = new Date();
    const rows = Array.from({ length: 501 }, (_, index) => {
      const name = `Organización ${String(index).padStart(3, "0")}`;
      return {
        id: `page-${campaign.id}-${index}`,
        campaignId: campaign.id,
        kind: "organization" as const,
        name,
        sortKey: name.toLowerCase(),
        organizationKey: name.toLowerCase(),
        searchText: name.toLowerCase(),
        status: "published" as const,
        locale: "es" as const,
        source: "import",
        letterVersion: 1,
        createdAt: now,
        publishedAt: now,
      };
    });
    const [first, ...rest] = rows.map((row) => db.insert(signatures).values(row));
    await db.batch([first, ...rest]);

    const firstPage = await (await call(`/c/${campaign.slug}`)).text();
    const next = firstPage.match(/<a rel="next" href="\?after=([^"]+)">/)![1];
    const second = await (await call(`/c/${campaign.slug}?after=${next}`)).text();

    expect(firstPage).toContain("Organización 499");
    expect(firstPage).not.toContain("Organización 500");
    expect(second).toContain("Organización 500");
    expect(second).not.toContain('rel="next"');
  });

  it("is a 404 page for an unknown or draft campaign", async () => {
    const draft = await seedCampaign({ status: "draft" });
    for (const slug of ["no-such-letter", draft.slug]) {
      const response = await call(`/c/${slug}`, { headers: { Accept: "text/html" } });
      expect(response.status).toBe(404);
      expect(response.headers.get("Content-Type")).toContain("text/html");
    }
  });
});

describe("GET /c/:slug as caches and search engines read it", () => {
  it("is public and cacheable, and asks nobody not to index it", async () => {
    const campaign = await seedCampaign();
    const response = await call(`/c/${campaign.slug}`, { headers: { Accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toMatch(/^public\b/);
    expect(response.headers.get("X-Robots-Tag")).toBeNull();
    expect(response.headers.get("X-Frame-Options")).toBeNull();
    expect(await response.text()).not.toMatch(/<meta name="robots" content="[^"]*noindex/);
  });
});
