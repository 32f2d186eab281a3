import { describe, expect, it } from "vitest";
import { call, seedCampaign, signAndConfirm } from "../support/worker";

describe("GET /api/campaigns/:slug", () => {
  it("returns the letter, its status and the published count", async () => {
    const campaign = await seedCampaign({ cc: ["Secretary of State"], salutation: "Dear leaders:" });
    await signAndConfirm(campaign.slug);

    const response = await call(`/api/campaigns/${campaign.slug}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toMatch(/public/);
    expect(await response.json()).toEqual({
      slug: campaign.slug,
      title: "Letter to the Leaders",
      status: "open",
      closesAt: null,
      timeZone: "UTC",
      deadline: null,
      languages: ["en"],
      signerKinds: ["organization"],
      version: 1,
      listVersion: expect.any(Number),
      count: 1,
      unnamedCount: 0,
      unnamedNote: null,
      authenticityNote: null,
      letter: {
        lang: "en",
        partLang: { title: "en", addressees: "en", cc: "en", salutation: "en", body: "en" },
        title: "Letter to the Leaders",
        date: "2026-11-18",
        dateText: "November 18, 2026",
        addressees: ["President of the United States", "President of Mexico", "Prime Minister of Canada"],
        cc: ["Secretary of State"],
        salutation: "Dear leaders:",
        body: "We, the undersigned organizations…",
        blocks: [{ type: "paragraph", children: ["We, the undersigned organizations…"] }],
        notes: [],
      },
      turnstileSiteKey: null,
      delivery: null,
      responses: [],
    });
  });

  it("serves a translation with ?lang, falling back field by field", async () => {
    const campaign = await seedCampaign({
      translations: { es: { title: "Carta a los líderes", body: "Las organizaciones abajo firmantes…" }, fr: { title: "Lettre aux dirigeants" } },
    });

    const es = await (await call(`/api/campaigns/${campaign.slug}?lang=es`)).json<any>();
    const fr = await (await call(`/api/campaigns/${campaign.slug}?lang=fr`)).json<any>();

    expect(es.languages).toEqual(["en", "es", "fr"]);
    expect(es.letter).toMatchObject({ lang: "es", title: "Carta a los líderes", body: "Las organizaciones abajo firmantes…" });
    expect(fr.letter).toMatchObject({ lang: "en", title: "Lettre aux dirigeants", body: "We, the undersigned organizations…" });
    expect(fr.letter.partLang).toEqual({ title: "fr", addressees: "en", cc: "en", salutation: "en", body: "en" });
    // The date as the reader's language writes it, so that the widget needs no Intl to show it.
    expect([es.letter.dateText, fr.letter.dateText]).toEqual(["18 de noviembre de 2026", "18 novembre 2026"]);
  });

  it("reports a campaign past its deadline as closed", async () => {
    const campaign = await seedCampaign({ closesAt: new Date(Date.now() - 1000) });
    const body = await (await call(`/api/campaigns/${campaign.slug}`)).json<any>();
    expect(body).toMatchObject({ status: "closed", closesAt: campaign.closesAt!.toISOString() });
  });

  it("answers 404 problem details for unknown and draft campaigns", async () => {
    const draft = await seedCampaign({ status: "draft" });
    for (const slug of ["no-such-letter", draft.slug, "BAD%20SLUG"]) {
      const response = await call(`/api/campaigns/${slug}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 404, title: "Campaign not found" });
    }
  });

  it("rejects an unknown language with the offending field", async () => {
    const campaign = await seedCampaign();
    const response = await call(`/api/campaigns/${campaign.slug}?lang=de`);
    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors).toEqual([expect.objectContaining({ field: "lang", code: "invalid_value" })]);
  });

  it("allows the campaign's origins through CORS; another site reads only that it is not allowed", async () => {
    const campaign = await seedCampaign({ allowedOrigins: ["https://partner.example"] });

    const allowed = await call(`/api/campaigns/${campaign.slug}`, { headers: { Origin: "https://partner.example" } });
    const other = await call(`/api/campaigns/${campaign.slug}`, { headers: { Origin: "https://elsewhere.example" } });
    const preflight = await call(`/api/campaigns/${campaign.slug}/signatures`, {
      method: "OPTIONS",
      headers: { Origin: "https://partner.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });

    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://partner.example");
    expect(allowed.headers.get("Vary")).toBe("Origin");
    expect(other.status).toBe(403);
    expect(other.headers.get("Access-Control-Allow-Origin")).toBe("https://elsewhere.example");
    const refusal = await other.json<Record<string, unknown>>();
    expect(refusal).toMatchObject({ type: "https://undersigned.dev/problems/origin-not-allowed", title: "This site is not set up to show this letter" });
    expect(JSON.stringify(refusal)).not.toContain(campaign.title);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toContain("POST");
  });

  it("lets an allowed origin read a failure; another site reads only that it is not allowed", async () => {
    const campaign = await seedCampaign({ allowedOrigins: ["https://partner.example"] });
    const refused = (origin: string) => call(`/api/campaigns/${campaign.slug}?lang=de`, { headers: { Origin: origin } });

    const allowed = await refused("https://partner.example");
    const other = await refused("https://elsewhere.example");
    const unknown = await call("/api/campaigns/no-such-letter", { headers: { Origin: "https://elsewhere.example" } });

    expect(allowed.status).toBe(422);
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://partner.example");
    expect(other.status).toBe(403);
    expect((await other.json<{ type: string }>()).type).toMatch(/origin-not-allowed$/);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });
});

describe("GET /api/openapi.json", () => {
  it("describes the public routes from the validating schemas", async () => {
    const doc = await (await call("/api/openapi.json")).json<any>();

    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/campaigns/{slug}", "/api/campaigns/{slug}/signatures"]),
    );
    const signOn = doc.components.schemas.SignOn;
    expect(signOn.required).toEqual(expect.arrayContaining(["contactName", "email", "authorized"]));
    expect(signOn.additionalProperties).toBe(false);
    expect(signOn.properties.email.maxLength).toBe(254);
    expect(Object.keys(doc.paths["/api/campaigns/{slug}"].get.responses)).toEqual(["200", "403", "404", "422"]);
    expect(Object.keys(doc.components.schemas.Problem.properties)).toEqual(expect.arrayContaining(["instance", "errors", "retryAfter"]));
  });
});
