import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { auditLog, signatures } from "../../schema/tables";
import { adminGet, adminSend, seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

const stored = async (email: string) => (await db.select().from(signatures).where(eq(signatures.email, email)).all())[0];

describe("POST /api/campaigns/:slug/signatures with a partner", () => {
  it("records the partner, lower-cased, beside the origin", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ partner: "Red-Migrante" });

    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, { Origin: "https://partner.example" });

    expect(response.status).toBe(202);
    expect(await stored(body.email)).toMatchObject({ partner: "red-migrante", source: "widget:https://partner.example", status: "pending" });
  });

  it("records no partner for a sign-on that names none", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

    expect((await stored(body.email)).partner).toBeNull();
  });

  it("refuses a partner that is not a short name, naming the field, and stores nothing", async () => {
    const campaign = await seedCampaign();
    for (const partner of ["", "red migrante", "a".repeat(41), "<script>", "ñandú"]) {
      const body = signOnBody({ partner });

      const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

      expect(response.status, JSON.stringify(partner)).toBe(422);
      const problem = await response.json<any>();
      expect(problem.errors).toEqual([expect.objectContaining({ field: "partner", pointer: "/partner", code: "invalid_format" })]);
      expect(await stored(body.email)).toBeUndefined();
    }
  });

  it("shows the partner to organizers only: not in the public campaign, its list or the hosted page", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Casa Refugio", partner: "alianza-secreta" });

    const publicAnswers = await Promise.all(
      [`/api/campaigns/${campaign.slug}`, `/api/campaigns/${campaign.slug}/signatures`, `/c/${campaign.slug}`].map(async (path) => (await call(path)).text()),
    );

    expect(publicAnswers[1]).toContain("Casa Refugio");
    for (const answer of publicAnswers) expect(answer).not.toContain("alianza-secreta");
  });

  it("keeps the partner the confirmed link was mailed with", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ partner: "alianza-norte" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    const [email] = await mailbox(body.email);

    await call(verifyPath(email), { method: "POST" });

    expect(await stored(body.email)).toMatchObject({ status: "published", partner: "alianza-norte" });
  });
});

describe("GET /api/admin/campaigns/:slug/partners", () => {
  it("counts sign-ons, confirmations and publications of two partners separately, and direct ones apart", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await signAndConfirm(campaign.slug, { partner: "red-migrante", country: "MX" });
    await signAndConfirm(campaign.slug, { partner: "red-migrante", country: "US" });
    await signAndConfirm(campaign.slug, { partner: "alianza-norte", country: "CA" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ partner: "alianza-norte", country: "CA" }));
    await signAndConfirm(campaign.slug, { country: "MX" });
    // An import is not a sign-on: it counts in the list, not for a partner.
    await seedSignature(campaign, { source: "import:form.csv", country: "MX" });

    const response = await adminGet(`/api/admin/campaigns/${campaign.slug}/partners`, auth);

    expect(response.status).toBe(200);
    const stats = await response.json<any>();
    expect(stats.partners).toEqual([
      { partner: "alianza-norte", signOns: 2, confirmations: 1, publications: 1 },
      { partner: "red-migrante", signOns: 2, confirmations: 2, publications: 2 },
      { partner: null, signOns: 1, confirmations: 1, publications: 2 },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.perDay).toEqual([
      { day: today, partner: null, signOns: 1, confirmations: 1, publications: 2 },
      { day: today, partner: "alianza-norte", signOns: 2, confirmations: 1, publications: 1 },
      { day: today, partner: "red-migrante", signOns: 2, confirmations: 2, publications: 2 },
    ]);
  });

  it("shows each country's published count against its target, with the partners active there", async () => {
    const campaign = await seedCampaign({ countryTargets: { US: 20, MX: 20, CA: 20 } });
    const { auth } = await seedOrganizer(campaign);
    await signAndConfirm(campaign.slug, { partner: "red-migrante", country: "MX" });
    await signAndConfirm(campaign.slug, { partner: "alianza-norte", country: "MX" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ partner: "alianza-norte", country: "US" }));
    await signAndConfirm(campaign.slug, { country: "GT" });

    const stats = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/partners`, auth)).json<any>();

    expect(stats.countries).toEqual([
      { country: "US", target: 20, published: 0, partners: ["alianza-norte"] },
      { country: "MX", target: 20, published: 2, partners: ["alianza-norte", "red-migrante"] },
      { country: "CA", target: 20, published: 0, partners: [] },
      { country: "GT", target: null, published: 1, partners: [] },
    ]);
  });
});

describe("GET /api/admin/campaigns/:slug/export with partners", () => {
  it("carries each signature's partner in the spreadsheet and the JSON", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await signAndConfirm(campaign.slug, { organization: "Casa del Migrante", partner: "red-migrante" });
    await signAndConfirm(campaign.slug, { organization: "Frontera Viva", partner: "alianza-norte" });
    await signAndConfirm(campaign.slug, { organization: "Sin Socio" });

    const csv = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/export?format=csv`, auth)).text();
    const json = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/export?format=json`, auth)).json<any>();

    const rows = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(Object.fromEntries(rows.map((row) => [row.name, row.partner]))).toEqual({ "Casa del Migrante": "red-migrante", "Frontera Viva": "alianza-norte", "Sin Socio": "" });
    expect(Object.fromEntries(json.signatures.map((row: any) => [row.name, row.partner]))).toEqual({
      "Casa del Migrante": "red-migrante",
      "Frontera Viva": "alianza-norte",
      "Sin Socio": null,
    });
  });
});

describe("PATCH /api/admin/campaigns/:slug countryTargets", () => {
  it("sets the targets, answers them and records the change in the audit log", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);

    const response = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { countryTargets: { US: 20, MX: 20, CA: 20 } }, auth);

    expect(response.status).toBe(200);
    expect((await response.json<any>()).countryTargets).toEqual({ US: 20, MX: 20, CA: 20 });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.campaignId, campaign.id)).all();
    expect(entry).toMatchObject({ action: "update", before: { countryTargets: {} }, after: { countryTargets: { US: 20, MX: 20, CA: 20 } } });
  });

  it("refuses an unknown country or a target that is not a positive whole number, and changes nothing", async () => {
    const campaign = await seedCampaign({ countryTargets: { MX: 5 } });
    const { auth } = await seedOrganizer(campaign);
    const cases: Array<[unknown, string, string]> = [
      [{ XX: 3 }, "countryTargets.XX", "invalid_country"],
      [{ mx: 3 }, "countryTargets.mx", "invalid_country"],
      [{ MX: 0 }, "countryTargets.MX", "too_small"],
      [{ MX: 2.5 }, "countryTargets.MX", "invalid_type"],
      [{ MX: "20" }, "countryTargets.MX", "invalid_type"],
      [[20], "countryTargets", "invalid_type"],
    ];
    for (const [countryTargets, field, code] of cases) {
      const response = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { countryTargets }, auth);

      expect(response.status, JSON.stringify(countryTargets)).toBe(422);
      expect((await response.json<any>()).errors, JSON.stringify(countryTargets)).toEqual([expect.objectContaining({ field, code })]);
    }
    const campaignNow = await (await adminGet(`/api/admin/campaigns/${campaign.slug}`, auth)).json<any>();
    expect(campaignNow.countryTargets).toEqual({ MX: 5 });
  });
});

describe("GET /c/:slug?ref=", () => {
  it("hands a partner's name to the widget, lower-cased", async () => {
    const campaign = await seedCampaign();

    const page = await (await call(`/c/${campaign.slug}?ref=Red-Migrante`)).text();

    expect(page).toMatch(new RegExp(`<undersigned-campaign campaign="${campaign.slug}" lang="[a-z]{2}" partner="red-migrante">`));
  });

  it("keeps the partner in the link to the letter's own language", async () => {
    const campaign = await seedCampaign();

    const page = await (await call(`/c/${campaign.slug}?lang=fr&ref=red-migrante`)).text();

    expect(page).toContain(`/c/${campaign.slug}?lang=en&amp;ref=red-migrante" hreflang="en"`);
  });

  it("ignores a ref that is not a partner's short name", async () => {
    const campaign = await seedCampaign();

    for (const ref of ["%22%3E%3Cscript%3E", "a%20b", "x".repeat(41), ""]) {
      const response = await call(`/c/${campaign.slug}?ref=${ref}`);

      expect(response.status).toBe(200);
      const page = await response.text();
      expect(page).toMatch(new RegExp(`<undersigned-campaign campaign="${campaign.slug}" lang="[a-z]{2}">`));
      expect(page).not.toContain("partner=");
    }
  });
});
