import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures, tokens } from "../../schema/tables";
import { call, db, mailbox, postJson, seedCampaign, signOnBody, verifyPath } from "../support/worker";

const path = (slug: string) => `/api/campaigns/${slug}/signatures`;

/** Lets the minute between two links to one pending signer pass. */
async function aMinuteLater(email: string) {
  const [signature] = await db.select().from(signatures).where(eq(signatures.email, email)).all();
  await db.update(tokens).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(tokens.signatureId, signature.id)).run();
}

/** A signer's sign-on, then someone else's with the same address and a loosely equal name: two links in the signer's mailbox. */
async function signedTwice() {
  const campaign = await seedCampaign();
  const signer = signOnBody({
    organization: "Casa del Migrante, A.C.",
    website: "casadelmigrante.org",
    city: "Tijuana",
    region: "Baja California",
    members: ["Red Jesuita con Migrantes"],
    contactName: "Ana Pérez",
    contactTitle: "Coordinadora",
    locale: "en",
  });
  await postJson(path(campaign.slug), signer);
  await aMinuteLater(signer.email);
  const other = {
    ...signer,
    organization: "Casa del Migrante AC",
    website: "https://casa-del-migrante.example",
    city: "Monterrey",
    region: "Nuevo León",
    members: ["Frente Inventado"],
    contactName: "Mallory Impostora",
    contactTitle: "Vocera",
  };
  await postJson(path(campaign.slug), other);
  const [later, first] = await mailbox(signer.email);
  return { campaign, signer, other, firstLink: verifyPath(first), laterLink: verifyPath(later) };
}

const storedFor = async (email: string) => (await db.select().from(signatures).where(eq(signatures.email, email)).all())[0];

describe("a link confirms what was sent with it", () => {
  it("shows and publishes the details it was mailed with, not those of a later sign-on to the same address", async () => {
    const { campaign, signer, other, firstLink, laterLink } = await signedTwice();

    const page = await (await call(firstLink)).text();
    await call(firstLink, { method: "POST" });

    for (const sent of ["Casa del Migrante, A.C.", "https://casadelmigrante.org", "Tijuana", "Baja California", "Red Jesuita con Migrantes", "Ana Pérez", "Coordinadora"]) {
      expect(page).toContain(sent);
    }
    for (const later of [other.website, other.city, other.region, ...other.members, other.contactName, other.contactTitle]) expect(page).not.toContain(later);
    expect(await storedFor(signer.email)).toMatchObject({
      status: "published",
      name: "Casa del Migrante, A.C.",
      website: "https://casadelmigrante.org",
      city: "Tijuana",
      region: "Baja California",
      members: ["Red Jesuita con Migrantes"],
      contactName: "Ana Pérez",
      contactTitle: "Coordinadora",
    });
    const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    expect(list.items).toEqual([expect.objectContaining({ name: "Casa del Migrante, A.C.", city: "Tijuana", website: "https://casadelmigrante.org" })]);
    // The later link can confirm nothing any more.
    expect((await call(laterLink, { method: "POST" })).status).toBe(410);
  });

  it("keeps a pending entry as its first sign-on sent it until a link confirms other details", async () => {
    const { signer } = await signedTwice();

    expect(await storedFor(signer.email)).toMatchObject({ name: "Casa del Migrante, A.C.", city: "Tijuana", contactName: "Ana Pérez", status: "pending" });
  });

  it("confirms details that arrived later only with the link mailed with them, which shows them first", async () => {
    const { signer, other, firstLink, laterLink } = await signedTwice();

    const page = await (await call(laterLink)).text();
    await call(laterLink, { method: "POST" });

    for (const later of ["Casa del Migrante AC", other.website, "Monterrey", "Nuevo León", "Frente Inventado", "Mallory Impostora"]) expect(page).toContain(later);
    expect(page).not.toContain("Tijuana");
    expect(await storedFor(signer.email)).toMatchObject({ name: "Casa del Migrante AC", city: "Monterrey", contactName: "Mallory Impostora", status: "published" });
    expect((await call(firstLink, { method: "POST" })).status).toBe(410);
  });

  it("shows every public field it will publish, as the list will show it, in the sign-on's language", async () => {
    const campaign = await seedCampaign({ signerKinds: ["organization", "individual"] });
    const person = signOnBody({
      kind: "individual",
      organization: undefined,
      name: "Leticia Calderón",
      affiliation: "Analista en temas migratorios",
      city: "Ciudad de México",
      region: "CDMX",
      country: "MX",
      website: "leticia.example",
      members: ["Colectivo Uno", "Colectivo Dos"],
      locale: "es",
    });
    await postJson(path(campaign.slug), person);

    const page = await (await call(verifyPath((await mailbox(person.email))[0]))).text();

    expect(page).toContain('<html lang="es">');
    for (const [label, value] of [
      ["Nombre", "Leticia Calderón"],
      ["Afiliación", "Analista en temas migratorios"],
      ["Ciudad", "Ciudad de México"],
      ["Estado, provincia o departamento", "CDMX"],
      ["País", "México (MX)"],
      ["Sitio web", "https://leticia.example"],
    ]) {
      expect(page).toContain(`<dt>${label}</dt><dd>${value}</dd>`);
    }
    expect(page).toContain("<li>Colectivo Uno</li><li>Colectivo Dos</li>");
    expect(page).not.toMatch(/<a [^>]*leticia/);
  });

  it("forgets what the links carried once the signature is confirmed", async () => {
    const { signer, firstLink } = await signedTwice();
    await call(firstLink, { method: "POST" });

    const signature = await storedFor(signer.email);
    const links = await db.select().from(tokens).where(eq(tokens.signatureId, signature.id)).all();

    expect(links.filter((link) => link.purpose === "verify")).toHaveLength(2);
    expect(links.every((link) => link.details === null)).toBe(true);
  });
});
