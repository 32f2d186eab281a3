import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Campaign } from "../../schema/tables";
import { sha256Hex } from "../../worker/lib/tokens";
import { seedOrganizer, seedSignature } from "../support/organizers";
import { call, HEAVY_TEST_TIMEOUT_MS, postJson, seedCampaign } from "../support/worker";

const exportOf = (slug: string, query: string, auth: Record<string, string>) => call(`/api/admin/campaigns/${slug}/export?${query}`, { headers: auth });

async function pdfText(response: Response) {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  return (await extractText(pdf, { mergePages: true })).text;
}

const SPANISH_LETTER = {
  language: "es" as const,
  title: "Carta a los líderes de América del Norte",
  body: "Las organizaciones abajo firmantes pedimos **protección**.\n\n- Garantizar el acceso al asilo",
  letterDate: "2021-11-18",
  addressees: ["Presidente de México"],
  cc: ["Secretaría de Relaciones Exteriores"],
  salutation: "Estimados mandatarios:",
};

const FRENCH = {
  title: "Lettre aux dirigeants d’Amérique du Nord",
  body: "Les organisations soussignées demandent une **protection**.\n\n- Garantir l’accès à l’asile",
  addressees: ["Président du Mexique"],
  cc: ["Ministère des Affaires étrangères"],
  salutation: "Mesdames et Messieurs,",
};

/** A Spanish letter with a French translation (`fr`), signed from three countries by names that collate differently in Spanish and French. */
async function bilingualCampaign(fr: Partial<typeof FRENCH>) {
  const campaign = await seedCampaign({ ...SPANISH_LETTER, translations: { fr } });
  const { auth } = await seedOrganizer(campaign);
  await seedSignature(campaign, { name: "Nuestra Voz", country: "MX" });
  await seedSignature(campaign, { name: "Ñandú Colectivo", country: "MX" });
  await seedSignature(campaign, { name: "Oaxaca Migrante", country: "MX" });
  await seedSignature(campaign, { name: "Border Kindness", country: "US" });
  await seedSignature(campaign, { name: "Pop No'j", country: "GT" });
  return { campaign, auth };
}

/** What a French export must carry, and what of the Spanish letter it must not. */
const FRENCH_THROUGHOUT = [FRENCH.title, "18 novembre 2021", FRENCH.addressees[0], `c. c.\u00a0:\n${FRENCH.cc[0]}`, FRENCH.salutation, "Les organisations soussignées demandent", "Garantir l’accès à l’asile", "Signataires (5)", "États-Unis", "Mexique"];
const SPANISH_ONLY = [SPANISH_LETTER.title, "noviembre", "Presidente de México", "Secretaría", "Estimados", "Firmantes", "Estados Unidos", "México\n"];

describe("GET /api/admin/campaigns/:slug/export?lang=", () => {
  it("prints txt and md in French throughout: the letter, its date, labels, country names and collation", async () => {
    const { campaign, auth } = await bilingualCampaign(FRENCH);

    const txtResponse = await exportOf(campaign.slug, "format=txt&lang=fr&groupBy=country", auth);
    const txt = await txtResponse.text();
    const md = await (await exportOf(campaign.slug, "format=md&lang=fr&groupBy=country", auth)).text();

    expect(txtResponse.headers.get("Content-Disposition")).toBe(`attachment; filename="${campaign.slug}-signatories-fr.txt"`);
    for (const expected of FRENCH_THROUGHOUT) expect(txt).toContain(expected);
    for (const spanish of SPANISH_ONLY) expect(txt).not.toContain(spanish);
    expect(txt).not.toContain("Sans traduction");
    // The body as plain text in txt, as written in md.
    expect(txt).toContain("Les organisations soussignées demandent une protection.\n\n- Garantir l’accès à l’asile");
    for (const expected of FRENCH_THROUGHOUT.filter((part) => !part.startsWith("c. c."))) expect(md).toContain(expected);
    for (const spanish of SPANISH_ONLY) expect(md).not.toContain(spanish);
    expect(md).toContain(`c. c.\u00a0:\\\n${FRENCH.cc[0]}`);
    expect(md).toContain("Les organisations soussignées demandent une **protection**.");
    expect(md).toContain(`# ${FRENCH.title}`);
    expect(md).toContain("## Signataires (5)");
    // French country names in French order (É with the E's), and French collation: Ñ is an N.
    expect(txt.slice(txt.indexOf("Signataires (5)"))).toBe(
      "Signataires (5)\n\nÉtats-Unis\n\nBorder Kindness\n\nGuatemala\n\nPop No'j\n\nMexique\n\nÑandú Colectivo\nNuestra Voz\nOaxaca Migrante\n",
    );
    const spanish = await (await exportOf(campaign.slug, "format=txt&groupBy=country", auth)).text();
    expect(spanish).toContain("México\n\nNuestra Voz\nÑandú Colectivo\nOaxaca Migrante\n");
  });

  it("prints the PDF in French throughout", { timeout: HEAVY_TEST_TIMEOUT_MS }, async () => {
    const { campaign, auth } = await bilingualCampaign(FRENCH);

    const text = await pdfText(await exportOf(campaign.slug, "format=pdf&lang=fr&groupBy=country", auth));

    for (const expected of [...FRENCH_THROUGHOUT.filter((part) => !part.startsWith("c. c.")), FRENCH.cc[0], "• Garantir l’accès à l’asile"]) expect(text).toContain(expected);
    // The PDF's text layer may give the non-breaking space back as a plain one.
    expect(text).toMatch(/c\. c\.[ \u00a0]:/);
    for (const spanish of SPANISH_ONLY.map((part) => part.trim())) expect(text).not.toContain(spanish);
    expect(text).not.toContain("Sans traduction");
  });

  it("says which parts a partial translation leaves in the letter's own language", { timeout: HEAVY_TEST_TIMEOUT_MS }, async () => {
    const { campaign, auth } = await bilingualCampaign({ title: FRENCH.title, salutation: FRENCH.salutation });
    const note = "Sans traduction en français (texte repris en espagnol)\u00a0: les destinataires, les copies et le corps de la lettre.";

    const txt = await (await exportOf(campaign.slug, "format=txt&lang=fr", auth)).text();
    const md = await (await exportOf(campaign.slug, "format=md&lang=fr", auth)).text();
    const pdf = await pdfText(await exportOf(campaign.slug, "format=pdf&lang=fr", auth));

    expect(txt.split("\n").slice(0, 3)).toEqual([FRENCH.title, "", `[${note}]`]);
    expect(txt).toContain("Presidente de México");
    expect(txt).toContain(FRENCH.salutation);
    expect(md).toContain(`> *${note}*`);
    expect(pdf).toContain("Sans traduction en français");
    expect(pdf).toContain("le corps de la lettre.");
  });

  it("refuses a language the campaign has no text in, naming the field", async () => {
    const { campaign, auth } = await bilingualCampaign(FRENCH);

    const english = await exportOf(campaign.slug, "format=pdf&lang=en", auth);
    const unknown = await exportOf(campaign.slug, "format=txt&lang=de", auth);

    expect(english.status).toBe(422);
    expect((await english.json<{ errors: unknown[] }>()).errors).toEqual([expect.objectContaining({ field: "lang", code: "invalid_value", message: expect.stringContaining("es, fr") })]);
    expect(unknown.status).toBe(422);
    expect((await unknown.json<{ errors: Array<{ field: string }> }>()).errors[0].field).toBe("lang");
  });
});

async function deliver(campaign: Campaign, auth: Record<string, string>) {
  const delivered = await postJson(`/api/admin/campaigns/${campaign.slug}/delivery`, { recipients: ["Presidente de México"], method: "email", deliveredAt: "2026-12-11T03:00:00Z" }, auth);
  expect(delivered.status).toBe(201);
}

describe("a delivered letter's PDF", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("carries the fingerprint that anyone recomputes from the published canonical text, and its address", async () => {
    const { campaign, auth } = await bilingualCampaign(FRENCH);
    await deliver(campaign, auth);

    const text = (await pdfText(await exportOf(campaign.slug, "format=pdf&lang=fr", auth))).replace(/\s+/g, " ");
    const record = await (await call(`/c/${campaign.slug}/delivery`)).json<{ canonical: string; canonicalUrl: string }>();
    const printed = /Empreinte SHA-256 de la lettre et de la liste remises : ([0-9a-f]{64})/.exec(text)?.[1];

    expect(printed).toBe(await sha256Hex(record.canonical));
    expect(text).toContain(record.canonicalUrl);
    // In the campaign's time zone (UTC here): the evening of the 11th in Mexico City would be the 10th.
    expect(text).toContain("Remise à Presidente de México le 11 décembre 2026, avec 5 organisations.");
  });
});
