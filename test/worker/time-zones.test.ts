import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { adminSend, seedOrganizer } from "../support/organizers";
import { call, db, postJson, seedCampaign } from "../support/worker";

/** 23:59 on 20 December 2030 in Mexico City (UTC−6, no daylight saving since 2022). */
const CLOSES_AT = new Date("2030-12-21T05:59:00Z");

describe("a campaign's time zone", () => {
  it("is the creator's choice, UTC by default, and must be an IANA zone", async () => {
    const { auth } = await seedOrganizer();
    const slug = (name: string) => `${name}-${Date.now().toString(36)}`;

    const chosen = await postJson("/api/admin/campaigns", { slug: slug("mx"), title: "Carta", timeZone: "America/Mexico_City" }, auth);
    const unsaid = await postJson("/api/admin/campaigns", { slug: slug("utc"), title: "Letter" }, auth);
    const invalid = await Promise.all(["Mars/Olympus_Mons", "+05:00", ""].map((timeZone) => postJson("/api/admin/campaigns", { slug: slug("bad"), title: "x", timeZone }, auth)));

    expect(await chosen.json()).toMatchObject({ timeZone: "America/Mexico_City" });
    expect(await unsaid.json()).toMatchObject({ timeZone: "UTC" });
    for (const response of invalid) {
      expect(response.status).toBe(422);
      expect((await response.json<{ errors: unknown[] }>()).errors).toEqual([expect.objectContaining({ field: "timeZone", code: "invalid_time_zone" })]);
    }
  });

  it("can be changed, and the public API says it", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);

    const patched = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { timeZone: "Europe/Paris" }, auth);

    expect(await patched.json()).toMatchObject({ timeZone: "Europe/Paris" });
    expect(await (await call(`/api/campaigns/${campaign.slug}`)).json()).toMatchObject({ timeZone: "Europe/Paris" });
  });

  it("reads a form's zoneless timestamps in the campaign's zone", async () => {
    const campaign = await seedCampaign({ language: "es", timeZone: "America/Mexico_City" });
    const { auth } = await seedOrganizer(campaign);
    const csv = "Marca temporal,Nombre de la organización,País,Correo electrónico\n18/11/2021 9:15:00,Casa Monarca,México,hola@casamonarca.example\n2021-11-18T09:15:00Z,Al Otro Lado,Estados Unidos,info@alotrolado.example\n";

    const imported = await postJson(`/api/admin/campaigns/${campaign.slug}/imports`, { csv, source: "form.csv", commit: true }, auth);
    const rows = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    const signedAt = Object.fromEntries(rows.map((row) => [row.name, row.createdAt.toISOString()]));

    expect(imported.ok).toBe(true);
    // 9:15 in Mexico City is 15:15 UTC; a time that names its zone keeps it.
    expect(signedAt).toEqual({ "Casa Monarca": "2021-11-18T15:15:00.000Z", "Al Otro Lado": "2021-11-18T09:15:00.000Z" });
  });
});

describe("the deadline, shown", () => {
  it("is said in the reader's language and the campaign's time zone, with what follows it", async () => {
    const campaign = await seedCampaign({ closesAt: CLOSES_AT, timeZone: "America/Mexico_City" });

    const deadlines: Record<string, string> = {};
    for (const lang of ["en", "es", "fr"]) deadlines[lang] = (await (await call(`/api/campaigns/${campaign.slug}?lang=${lang}`)).json<{ deadline: string }>()).deadline;

    expect(deadlines).toEqual({
      en: "Signatures close on December 20, 2030 at 11:59 PM (Central Standard Time). Then the letter goes to its addressees.",
      es: "Las firmas se cierran el 20 de diciembre de 2030 a las 23:59 (hora estándar central). Después, la carta se entrega a sus destinatarios.",
      fr: "Les signatures sont recueillies jusqu’au 20 décembre 2030 à 23:59 (heure normale du centre nord-américain). La lettre est ensuite remise à ses destinataires.",
    });
  });

  it("names UTC as such, and says nothing without a deadline or once closed", async () => {
    const utc = await seedCampaign({ closesAt: CLOSES_AT });
    const none = await seedCampaign();
    const closed = await seedCampaign({ closesAt: CLOSES_AT, status: "closed" });
    const deadline = async (slug: string) => (await (await call(`/api/campaigns/${slug}`)).json<{ deadline: string | null }>()).deadline;

    expect(await deadline(utc.slug)).toBe("Signatures close on December 21, 2030 at 5:59 AM (Coordinated Universal Time). Then the letter goes to its addressees.");
    expect(await deadline(none.slug)).toBeNull();
    expect(await deadline(closed.slug)).toBeNull();
  });

  it("is on the hosted page, in the page's language", async () => {
    const campaign = await seedCampaign({ closesAt: CLOSES_AT, timeZone: "America/Mexico_City" });

    const es = await (await call(`/c/${campaign.slug}?lang=es`)).text();
    const fr = await (await call(`/c/${campaign.slug}?lang=fr`)).text();

    expect(es).toContain("Las firmas se cierran el 20 de diciembre de 2030 a las 23:59 (hora estándar central).");
    expect(fr).toContain("Les signatures sont recueillies jusqu’au 20 décembre 2030 à 23:59");
  });
});
