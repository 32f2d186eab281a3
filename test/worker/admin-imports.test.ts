import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { call, db, postJson, seedCampaign } from "../support/worker";
import { seedOrganizer, seedSignature } from "../support/organizers";

// A Google Form export: its own headings, Spanish country names, a timestamp column.
const FORM_EXPORT = `\uFEFFMarca temporal,Nombre de la organización,País,Ciudad,Sitio web,Miembros de la coalición,Su nombre,Cargo,Correo electrónico
2026/11/10 9:15:00,"Mujeres & Niñez del Sur, A.C.",México,Tapachula,mujeresdelsur.org,"Red A; Red B",María José,Coordinadora,mj@mujeresdelsur.org
2026/11/10 9:20:00,Casa del Migrante,Estados Unidos,El Paso,,,Juan,,juan@casa.example
2026/11/10 9:25:00,,México,,,,Sin Nombre,,nadie@example.org
2026/11/10 9:30:00,Colectivo Sin País,Atlantis,,,,Ana,,no-es-correo
2026/11/10 9:35:00,"Casa del Migrante, A.C.",MX,,,,Otro,,otro@casa.example
`;

describe("POST /api/admin/campaigns/:slug/imports", () => {
  it("previews every row with its errors and writes nothing", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);

    const response = await postJson(`/api/admin/campaigns/${campaign.slug}/imports`, { csv: FORM_EXPORT, source: "form.csv" }, auth);
    const result = await response.json<any>();
    const stored = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();

    expect(response.status).toBe(200);
    expect(result.summary).toEqual({ total: 5, ok: 2, errors: 2, duplicates: 1, imported: 0 });
    expect(result.rows[0]).toMatchObject({ line: 2, status: "ok", values: { organization: "Mujeres & Niñez del Sur, A.C.", country: "MX", members: ["Red A", "Red B"] } });
    expect(result.rows[1].values.country).toBe("US");
    expect(result.rows[2]).toMatchObject({ line: 4, status: "error", errors: [expect.objectContaining({ field: "organization", code: "required" })] });
    expect(result.rows[3].errors.map((e: any) => e.field).sort()).toEqual(["country", "email"]);
    expect(result.rows[4]).toMatchObject({ status: "duplicate", duplicateOfLine: 3 });
    expect(stored).toEqual([]);
  });

  it("commits the good rows as published entries marked with their source, and audits the import", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Casa del Migrante en Tijuana" });

    const response = await postJson(`/api/admin/campaigns/${campaign.slug}/imports`, { csv: FORM_EXPORT, source: "form.csv", commit: true }, auth);
    const result = await response.json<any>();
    const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    const stored = await db.select().from(signatures).where(eq(signatures.source, "import:form.csv")).all();
    const log = await (await call(`/api/admin/campaigns/${campaign.slug}/audit`, { headers: auth })).json<any>();

    expect(response.status).toBe(201);
    expect(result.summary.imported).toBe(2);
    expect(list.count).toBe(3);
    expect(stored.filter((s) => s.campaignId === campaign.id).map((s) => s.status)).toEqual(["published", "published"]);
    expect(stored.find((s) => s.name.startsWith("Mujeres"))).toMatchObject({ email: "mj@mujeresdelsur.org", emailDomain: "mujeresdelsur.org", website: "https://mujeresdelsur.org" });
    expect(log.items[0]).toMatchObject({ action: "import", entityId: "import:form.csv", after: { rows: 2 } });
  });

  it("reads a form's columns by their plain labels, dates in the campaign's language, and keeps blocked addresses out", async () => {
    const campaign = await seedCampaign({ language: "es" });
    const { auth } = await seedOrganizer(campaign);
    await postJson(`/api/admin/campaigns/${campaign.slug}/blocklist`, { kind: "domain", value: "blocked.example" }, auth);
    const csv = [
      "Timestamp,Email Address,Full name,Organization,Country,Are you authorized to sign on behalf of your organization?",
      "18/11/2021 09:00:00,ana@red.example,Ana López,Red Fronteriza,MX,Yes",
      "05/11/2021,luis@casa.example,Luis Pérez,Casa Refugio,MX,Yes",
      "yesterday,eva@ok.example,Eva,Colectivo Fecha,MX,Yes",
      "2021-11-19,spam@mx.blocked.example,Spam,Totally Real Org,MX,Yes",
      "2021-11-19,otra@red.example,Otra,Red Fronteriza,MX,Yes",
      "2021-11-19,wg@lawg.example,Lia,Latin America Working Group,US,Yes",
    ].join("\n");
    await seedSignature(campaign, { name: "Latin America Working Group (LAWG)" });

    const result = await (await postJson(`/api/admin/campaigns/${campaign.slug}/imports`, { csv }, auth)).json<any>();

    expect(result.columns).toEqual({
      Timestamp: "signedAt",
      "Email Address": "email",
      "Full name": "contactName",
      Organization: "organization",
      Country: "country",
      "Are you authorized to sign on behalf of your organization?": null,
    });
    expect(result.rows[0]).toMatchObject({ status: "ok", values: { organization: "Red Fronteriza", contactName: "Ana López", signedAt: "2021-11-18T09:00:00.000Z" } });
    expect(result.rows[1].values.signedAt).toBe("2021-11-05T00:00:00.000Z");
    expect(result.rows[2]).toMatchObject({ status: "error", errors: [expect.objectContaining({ field: "signedAt", code: "invalid_date" })] });
    expect(result.rows[3]).toMatchObject({ status: "error", errors: [expect.objectContaining({ field: "email", code: "blocked" })] });
    expect(result.rows[4]).toMatchObject({ status: "duplicate", duplicateOfLine: 2 });
    expect(result.rows[4].duplicateOf).toBeUndefined();
    // The same organization with its acronym left out.
    expect(result.rows[5]).toMatchObject({ status: "duplicate", duplicateOf: "Latin America Working Group (LAWG)" });
  });

  it("says which column is missing when no heading names the organization", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const result = await (await postJson(`/api/admin/campaigns/${campaign.slug}/imports`, { csv: "foo,bar\n1,2\n" }, auth)).json<any>();
    expect(result.rows[0].errors[0]).toMatchObject({ field: "organization", code: "required" });
  });
});
