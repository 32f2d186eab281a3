import { sql } from "drizzle-orm";
import Papa from "papaparse";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { call, db, HEAVY_TEST_TIMEOUT_MS, seedCampaign } from "../support/worker";
import { seedOrganizer, seedSignature } from "../support/organizers";

const exportOf = (slug: string, query: string, auth: Record<string, string>) => call(`/api/admin/campaigns/${slug}/export?${query}`, { headers: auth });

/** The CSV's text after its byte order mark, which must be there. */
async function csvText(response: Response) {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.startsWith("\uFEFF")).toBe(true);
  return text.slice(1);
}

/** The names of a letter-ready export: what follows the list's heading ("Firmantes (9)", "## Signatories (3)"). */
const namesOf = (text: string) => text.slice(text.search(/^(## )?(Signatories|Firmantes|Signataires) \(\d+\)$/m)).replace(/^.*\n\n/, "");

async function pdfText(response: Response) {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { totalPages, text };
}

describe("GET /api/admin/campaigns/:slug/export?format=csv", () => {
  it("writes UTF-8 with a BOM, every status with contact fields, read back by a CSV parser", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const listed = await seedSignature(campaign, {
      name: "Mujeres & Niñez del Sur, \"A.C.\"",
      members: ["Red A", "Red B, Sección Norte"],
      website: "https://mujeres.example",
      contactName: "María José",
    });
    const held = await seedSignature(campaign, { status: "held", heldReason: "moderation", letterVersion: 1 });

    const response = await exportOf(campaign.slug, "format=csv", auth);
    const text = await csvText(response.clone());
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { data, errors } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="${campaign.slug}-signatories.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(errors).toEqual([]);
    const byId = Object.fromEntries(data.map((row) => [row.id, row]));
    expect(byId[listed.id]).toMatchObject({
      status: "published",
      name: "Mujeres & Niñez del Sur, \"A.C.\"",
      members: "Red A; Red B, Sección Norte",
      contact_name: "María José",
      email: listed.email!,
      letter_version: "1",
      verified_at: listed.verifiedAt?.toISOString() ?? "",
    });
    expect(byId[held.id]).toMatchObject({ status: "held", held_reason: "moderation" });
  });

  it("neutralizes every cell that a spreadsheet would read as a formula", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const hostile = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tindent", "\rreturn"];
    for (const [i, value] of hostile.entries()) await seedSignature(campaign, { name: `Org ${i}`, city: value, contactTitle: value });

    const text = await csvText(await exportOf(campaign.slug, "format=csv", auth));
    const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

    expect(data).toHaveLength(hostile.length);
    for (const row of data) {
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(data.map((row) => row.city).sort()).toEqual(hostile.map((value) => `'${value}`).sort());
  });
});

describe("GET /api/admin/campaigns/:slug/export?format=json", () => {
  it("gives the same rows, typed", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const signature = await seedSignature(campaign, { members: ["Uno", "Dos"] });
    await seedSignature(campaign, { status: "rejected", rejectedReason: "bot" });

    const body = await (await exportOf(campaign.slug, "format=json", auth)).json<any>();
    const published = await (await exportOf(campaign.slug, "format=json&include=published", auth)).json<any>();

    expect(body.campaign).toMatchObject({ slug: campaign.slug, version: 1 });
    expect(body.signatures).toHaveLength(2);
    expect(body.signatures.find((s: any) => s.id === signature.id)).toMatchObject({
      members: ["Uno", "Dos"],
      letterVersion: 1,
      signedAt: signature.createdAt.toISOString(),
      rejectedReason: null,
    });
    expect(published.signatures.map((s: any) => s.id)).toEqual([signature.id]);
  });
});

describe("GET /api/admin/campaigns/:slug/export?format=txt|md", () => {
  it("prints the published list as the letters do, in the campaign language's collation order", async () => {
    const campaign = await seedCampaign({ language: "es" });
    const { auth } = await seedOrganizer(campaign);
    // A leading quote sorts as the database does (among the C's), not before every letter.
    for (const name of ['"Como nacido entre nosotros"', "Casa Monarca", "Ñañiguez Colectivo", "Nuestra Voz", "Oaxaca Migrante", "Ética y Migración", "Alianza Américas", "espacio Migrante"]) {
      await seedSignature(campaign, { name });
    }
    await seedSignature(campaign, {
      name: "Grupo de Trabajo sobre Política Migratoria",
      members: ["Alianza Américas", "Sin Fronteras, IAP"],
    });
    await seedSignature(campaign, { name: "Pending Org", status: "pending" });

    const txt = await (await exportOf(campaign.slug, "format=txt", auth)).text();
    const md = await (await exportOf(campaign.slug, "format=md", auth)).text();

    expect(namesOf(txt).split("\n")).toEqual([
      "Alianza Américas",
      "Casa Monarca",
      '"Como nacido entre nosotros"',
      "espacio Migrante",
      "Ética y Migración",
      "Grupo de Trabajo sobre Política Migratoria: Alianza Américas; Sin Fronteras, IAP",
      "Nuestra Voz",
      "Ñañiguez Colectivo",
      "Oaxaca Migrante",
      "",
    ]);
    expect(namesOf(md).split("\n")[0]).toBe("- Alianza Américas");
    expect(md).toContain("- Sin Fronteras, IAP".replace("- ", "; "));
  });

  it("groups by country under headings named in the campaign language", async () => {
    const campaign = await seedCampaign({ language: "es" });
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Border Kindness", country: "US" });
    await seedSignature(campaign, { name: "Casa Monarca", country: "MX" });
    await seedSignature(campaign, { name: "Al Otro Lado", country: "US" });
    await seedSignature(campaign, { name: "Sin País", country: null });

    const txt = await (await exportOf(campaign.slug, "format=txt&groupBy=country", auth)).text();
    const md = await (await exportOf(campaign.slug, "format=md&groupBy=country", auth)).text();

    expect(namesOf(txt)).toBe("Estados Unidos\n\nAl Otro Lado\nBorder Kindness\n\nMéxico\n\nCasa Monarca\n\nOtros\n\nSin País\n");
    expect(md).toContain("### Estados Unidos\n\n- Al Otro Lado\n");
  });

  it("escapes Markdown in names so that a name cannot become a link or markup", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "[Click](https://evil.example) *bold* <b>" });
    await seedSignature(campaign, { name: "1. www.evil.example" });
    await seedSignature(campaign, { name: "CADEC-UAZ, A.C. (Zacatecas)" });

    const md = await (await exportOf(campaign.slug, "format=md", auth)).text();
    expect(namesOf(md).split("\n")).toEqual([
      "- 1\\. www\\.evil.example",
      // What is not markup stays as written, for a list pasted as plain text.
      "- CADEC-UAZ, A.C. (Zacatecas)",
      "- \\[Click\\](https\\://evil.example) \\*bold\\* \\<b\\>",
      "",
    ]);
  });
});

describe("GET /api/admin/campaigns/:slug/export?format=pdf", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("prints the letter, its date, addressees, body and the list with every accent, paginated", async () => {
    const campaign = await seedCampaign({
      language: "es",
      title: "Carta a los líderes de América del Norte",
      body: "Las **organizaciones** abajo firmantes…\n\n- Garantizar el acceso al asilo\n- Poner fin a las expulsiones\n\nAtentamente,",
      letterDate: "2021-11-18",
      addressees: ["Presidente de México Andrés Manuel López Obrador"],
      cc: ["Mélanie Joly"],
      salutation: "Estimados señores:",
    });
    const { auth } = await seedOrganizer(campaign);
    for (let i = 0; i < 80; i++) await seedSignature(campaign, { name: `Colectivo Ñandú Ça Über ${String(i).padStart(2, "0")}` });
    await seedSignature(campaign, { name: "Ελληνική Ένωση — Союз", members: ["Łódź Group", "Nguyễn Foundation"] });

    const response = await exportOf(campaign.slug, "format=pdf", auth);
    const { totalPages, text } = await pdfText(response);

    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(totalPages).toBeGreaterThan(1);
    for (const expected of [
      "Carta a los líderes de América del Norte",
      "18 de noviembre de 2021",
      "Andrés Manuel López Obrador",
      "Mélanie Joly",
      "Estimados señores:",
      "Las organizaciones abajo firmantes…",
      "• Garantizar el acceso al asilo",
      "Firmantes (81)",
      "Colectivo Ñandú Ça Über 00",
      "Colectivo Ñandú Ça Über 79",
      "Ελληνική Ένωση — Союз: Łódź Group; Nguyễn Foundation",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(new RegExp(`1 / ?${totalPages}`));
  });
});

describe("GET /api/admin/campaigns/:slug/export?format=pdf, a long list", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("streams every name onto numbered pages", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await db.run(sql`INSERT INTO signatures (id, campaign_id, name, sort_key, organization_key, search_text, source, letter_version, status)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
      SELECT ${campaign.slug} || '-' || i, ${campaign.id}, 'Organización ' || printf('%04d', i), 'organizacion ' || printf('%04d', i), 'organizacion ' || i, 'organizacion ' || i, 'seed', 1, 'published' FROM n`);

    const response = await exportOf(campaign.slug, "format=pdf", auth);
    const { totalPages, text } = await pdfText(response);

    expect(response.status).toBe(200);
    expect(totalPages).toBeGreaterThan(140);
    expect(text).toContain("Organización 0001");
    expect(text).toContain("Organización 6000");
    expect(text).toMatch(new RegExp(`${totalPages} / ?${totalPages}`));
  });
});
