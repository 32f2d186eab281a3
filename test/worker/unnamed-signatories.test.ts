import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Campaign as PublicCampaign, SignatureList } from "../../contract";
import { campaignMemberships } from "../../schema/tables";
import { runScheduled } from "../support/cron";
import { openWidget } from "../support/live";
import { seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, HEAVY_TEST_TIMEOUT_MS, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

/** A campaign with one named and one unnamed signatory, both confirmed through their links: two sign-ons, heavy on a busy machine. */
async function campaignWithUnnamed(overrides: Parameters<typeof seedCampaign>[0] = {}) {
  const campaign = await seedCampaign(overrides);
  const named = await signAndConfirm(campaign.slug, { organization: "Kino Border Initiative" });
  const unnamed = await signAndConfirm(campaign.slug, { organization: "Colectivo Resguardado", unnamed: true, city: "Ciudad Oculta" });
  return { campaign, named: named.body, unnamed: unnamed.body };
}

describe("GET /api/campaigns/:slug with unnamed signatories", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("counts them and says so in the language asked for, never naming them", async () => {
    const { campaign, unnamed } = await campaignWithUnnamed();

    for (const [lang, note] of [
      ["en", "and 1 organization that asked not to be named"],
      ["es", "y 1 organización que pidió no ser nombrada"],
      ["fr", "et 1 organisation qui a demandé à ne pas être nommée"],
    ]) {
      const response = await call(`/api/campaigns/${campaign.slug}?lang=${lang}`);
      const text = await response.text();
      const body = JSON.parse(text) as PublicCampaign;
      expect(body).toMatchObject({ count: 2, unnamedCount: 1, unnamedNote: note, authenticityNote: null });
      expect(text).not.toContain(unnamed.organization);
    }
  });

  it("has no note while everyone is named", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug);

    const body = (await (await call(`/api/campaigns/${campaign.slug}`)).json()) as PublicCampaign;

    expect(body).toMatchObject({ count: 1, unnamedCount: 0, unnamedNote: null });
  });

  it("stops counting one that is withdrawn", async () => {
    const { campaign, unnamed } = await campaignWithUnnamed();
    const confirmed = (await mailbox(unnamed.email)).find((message) => message.template === "confirmed")!;
    await call(confirmed.text.match(/\/withdraw\/[A-Za-z0-9_-]{43}/)![0], { method: "POST" });

    const body = (await (await call(`/api/campaigns/${campaign.slug}`)).json()) as PublicCampaign;

    expect(body).toMatchObject({ count: 1, unnamedCount: 0, unnamedNote: null });
  });
});

describe("GET /api/campaigns/:slug/signatures with unnamed signatories", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("lists only the named, with the count of all", async () => {
    const { campaign, unnamed } = await campaignWithUnnamed();

    const response = await call(`/api/campaigns/${campaign.slug}/signatures`);
    const text = await response.text();
    const body = JSON.parse(text) as SignatureList;

    expect(body.count).toBe(2);
    expect(body.items.map((item) => item.name)).toEqual(["Kino Border Initiative"]);
    expect(text).not.toContain(unnamed.organization);
    expect(text).not.toContain("Ciudad Oculta");
  });

  it("reads a page's rows and the few unnamed among them, not the campaign's", async () => {
    const campaign = await seedCampaign();
    for (let i = 0; i < 73; i++) await seedSignature(campaign, { name: `Colectivo ${String(i).padStart(2, "0")}`, unnamed: i === 3 || i === 70 });
    const counting = { D1_STATS: "on" };
    await call("/dev/stats/reset", { method: "POST" }, counting);

    const page = (await (await call(`/api/campaigns/${campaign.slug}/signatures?limit=50`, {}, counting)).json()) as SignatureList;
    const { rowsRead } = await (await call("/dev/stats", {}, counting)).json<{ rowsRead: number }>();

    expect(page.count).toBe(73);
    expect(page.items).toHaveLength(50);
    expect(page.items.map((item) => item.name)).not.toContain("Colectivo 03");
    // The campaign's row, the page and the one after it, and the one unnamed entry among them (the bench's target is 52 for 50 of 73).
    expect(rowsRead).toBeGreaterThanOrEqual(51);
    expect(rowsRead).toBeLessThanOrEqual(53);
  });

  it("finds nothing when searched for by name", async () => {
    const { campaign } = await campaignWithUnnamed();

    const body = (await (await call(`/api/campaigns/${campaign.slug}/signatures?q=Resguardado`)).json()) as SignatureList;

    expect(body.items).toEqual([]);
  });
});

describe("GET /api/campaigns/:slug/live with unnamed signatories", () => {
  it("tells open widgets the new count, never the entry", async () => {
    const campaign = await seedCampaign();
    const { socket, heard, next } = await openWidget(campaign.slug);
    await next(1);

    const body = signOnBody({ organization: "Colectivo Resguardado", unnamed: true });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    await call(verifyPath((await mailbox(body.email))[0]), { method: "POST" });

    expect(await next(2)).toEqual({ type: "refresh", count: 1, listVersion: expect.any(Number) });
    expect(JSON.stringify(heard)).not.toContain("Resguardado");
    socket.close();
  });
});

describe("GET /verify/:token for a signer who asked not to be named", () => {
  it("says the signature will be counted and the name seen only by the organizers", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ organization: "Colectivo Resguardado", unnamed: true, locale: "en" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

    const page = await (await call(verifyPath((await mailbox(body.email))[0]))).text();

    expect(page).toContain("the signature will be counted, but its name and the details below will be seen only by the organizers");
    expect(page).not.toContain("What will be published");
  });
});

describe("POST /verify/:token for a signer who asked not to be named", () => {
  it("tells them, on the page and in the email, that they are counted and not named", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ organization: "Colectivo Resguardado", unnamed: true, locale: "es" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

    const page = await (await call(verifyPath((await mailbox(body.email))[0]), { method: "POST" })).text();
    const confirmed = (await mailbox(body.email)).find((message) => message.template === "confirmed")!;

    expect(page).toContain("como lo pidió, su nombre no se publica");
    expect(confirmed.text).toContain("Se cuenta entre las firmas; como lo pidió, su nombre no se publica.");
    expect(confirmed.text).not.toContain("lista pública");
  });

  it("says a held signature will be reviewed before it is counted, never that it will be listed", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const body = signOnBody({ organization: "Colectivo Resguardado", unnamed: true, locale: "fr" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

    const page = await (await call(verifyPath((await mailbox(body.email))[0]), { method: "POST" })).text();

    expect(page).toContain("L’équipe organisatrice l’examinera avant qu’elle ne soit comptée\u00a0; comme vous l’avez demandé, son nom ne sera pas publié.");
    expect(page).not.toContain("publier");
  });
});

describe("GET /c/:slug with unnamed signatories", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("counts them, says so in each language, and never names them", async () => {
    const { campaign, unnamed } = await campaignWithUnnamed({ translations: { es: { title: "Carta" }, fr: { title: "Lettre" } } });

    for (const [lang, note] of [
      ["en", "and 1 organization that asked not to be named"],
      ["es", "y 1 organización que pidió no ser nombrada"],
      ["fr", "et 1 organisation qui a demandé à ne pas être nommée"],
    ]) {
      const page = await (await call(`/c/${campaign.slug}?lang=${lang}`)).text();
      expect(page).toContain(`<p>${note}</p>`);
      expect(page).toContain("Kino Border Initiative");
      expect(page).not.toContain(unnamed.organization);
      expect(page).not.toContain("Ciudad Oculta");
    }
  });
});

/** An export's body, as text; a PDF's extracted. */
async function exported(slug: string, query: string, auth: Record<string, string>) {
  const response = await call(`/api/admin/campaigns/${slug}/export?${query}`, { headers: auth });
  expect(response.status).toBe(200);
  if (!query.includes("format=pdf")) return response.text();
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");
}

describe("GET /api/admin/campaigns/:slug/export with unnamed signatories", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("leaves them out of the letter-ready txt, md and pdf, grouped or not, and counts them", async () => {
    const campaign = await seedCampaign({ translations: { fr: { title: "Lettre aux dirigeants" } } });
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Kino Border Initiative", country: "US" });
    await seedSignature(campaign, { name: "Colectivo Resguardado", country: "GT", unnamed: true });

    for (const query of ["format=txt", "format=md", "format=pdf", "format=txt&groupBy=country", "format=pdf&lang=fr&groupBy=country"]) {
      const text = await exported(campaign.slug, query, auth);
      expect(text).toContain("Kino Border Initiative");
      expect(text).not.toContain("Resguardado");
      // No heading of its own either: a country with only them would point at them.
      expect(text).not.toMatch(/Guatemala/);
      expect(text).toContain(query.includes("lang=fr") ? "et 1 organisation qui a demandé à ne pas être nommée" : "and 1 organization that asked not to be named");
    }
  });

  it("carries them in the organizers' spreadsheet and JSON, marked", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const hidden = await seedSignature(campaign, { name: "Colectivo Resguardado", unnamed: true });
    const shown = await seedSignature(campaign, { name: "Kino Border Initiative" });

    const csv = (await exported(campaign.slug, "format=csv", auth)).replace(/^\uFEFF/, "").split("\r\n");
    const header = csv[0].split(",");
    const cell = (id: string) => csv.find((line) => line.startsWith(id))!.split(",")[header.indexOf("unnamed")];
    const json = JSON.parse(await exported(campaign.slug, "format=json", auth)) as { signatures: Array<{ id: string; name: string; unnamed: boolean }> };

    expect(cell(hidden.id)).toBe("yes");
    expect(cell(shown.id)).toBe("");
    expect(json.signatures.find((row) => row.id === hidden.id)).toMatchObject({ name: "Colectivo Resguardado", unnamed: true });
    expect(json.signatures.find((row) => row.id === shown.id)).toMatchObject({ unnamed: false });
  });
});

describe("GET /c/:slug/delivery with unnamed signatories", () => {
  it("counts them in the record and the fingerprinted text without naming them", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Kino Border Initiative" });
    await seedSignature(campaign, { name: "Colectivo Resguardado", unnamed: true });
    const delivered = await postJson(`/api/admin/campaigns/${campaign.slug}/delivery`, { recipients: ["The Leaders"], method: "email" }, auth);
    expect(delivered.status).toBeLessThan(300);

    const record = await (await call(`/c/${campaign.slug}/delivery`)).json<{ count: number; canonical: string }>();
    const page = await (await call(`/c/${campaign.slug}`)).text();

    expect(record.count).toBe(2);
    expect(record.canonical).toContain("Kino Border Initiative");
    expect(record.canonical).toMatch(/\nNot named: 1\n$/);
    expect(record.canonical).not.toContain("Resguardado");
    expect(page).not.toContain("Resguardado");
  });
});

describe("organizers' notices of unnamed signatories", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("name them for the organizers, marked not to be named publicly", async () => {
    const campaign = await seedCampaign();
    const { organizer } = await seedOrganizer(campaign);
    await db.update(campaignMemberships).set({ notifiedThrough: new Date(Date.now() - 25 * 3_600_000) }).where(eq(campaignMemberships.organizerId, organizer.id));
    await signAndConfirm(campaign.slug, { organization: "Colectivo Resguardado", unnamed: true });

    await runScheduled();
    const [digest] = await mailbox(organizer.email);

    expect(digest.text).toContain("- Colectivo Resguardado (not to be named publicly)");
  });
});
