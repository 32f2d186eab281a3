import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures, tokens } from "../../schema/tables";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

async function pendingSignature(slug: string, overrides: Record<string, unknown> = {}) {
  const body = signOnBody(overrides);
  await postJson(`/api/campaigns/${slug}/signatures`, body);
  const [email] = await mailbox(body.email);
  return { body, link: verifyPath(email) };
}

const countOf = async (slug: string) => (await (await call(`/api/campaigns/${slug}`)).json<any>()).count;

describe("GET /verify/:token", () => {
  it("shows what will be confirmed, in the signer's language, and changes nothing", async () => {
    const campaign = await seedCampaign({ translations: { fr: { title: "Lettre aux dirigeants" } } });
    const { body, link } = await pendingSignature(campaign.slug, { organization: "L'Union <Solidaire> & Cie", locale: "fr" });

    const response = await call(link);
    const again = await call(link);

    expect(response.status).toBe(200);
    expect(again.status).toBe(200);
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const page = await response.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain("L&#39;Union &lt;Solidaire&gt; &amp; Cie");
    expect(page).toContain("Lettre aux dirigeants");
    expect(page).toMatch(/<form method="post"><button type="submit">Confirmer la signature<\/button><\/form>/);
    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored.status).toBe("pending");
    expect(await countOf(campaign.slug)).toBe(0);
  });

  it("explains an unknown link with a page, not an error dump", async () => {
    const response = await call("/verify/this-is-not-a-token");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("This link is not valid");
  });
});

describe("POST /verify/:token", () => {
  it("publishes the signature, counts it, lists it and sends a confirmation", async () => {
    const campaign = await seedCampaign();
    const { body, link } = await pendingSignature(campaign.slug, { organization: "Fundación Ñandú & Asociados" });

    const response = await call(link, { method: "POST" });

    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Fundación Ñandú &amp; Asociados ya figura en la lista");
    // The letter's page in the signer's language, from the page and from the email alike.
    expect(page).toContain(`/c/${campaign.slug}?lang=es"`);
    expect(await countOf(campaign.slug)).toBe(1);
    const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    expect(list.items.map((item: any) => item.name)).toEqual(["Fundación Ñandú & Asociados"]);
    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored).toMatchObject({ status: "published", verifiedAt: expect.any(Date), publishedAt: expect.any(Date) });
    const [latest] = await mailbox(body.email);
    expect(latest).toMatchObject({ template: "confirmed", subject: "Gracias por firmar: Letter to the Leaders" });
    expect(latest.text).toContain(`/c/${campaign.slug}?lang=es`);
  });

  it("cannot be replayed: the link then says it was used, and nothing is counted twice", async () => {
    const campaign = await seedCampaign();
    const { body, link } = await pendingSignature(campaign.slug);
    await call(link, { method: "POST" });

    const replay = await call(link, { method: "POST" });
    const reopened = await call(link);

    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain("Este enlace ya se usó");
    expect(reopened.status).toBe(410);
    expect(await countOf(campaign.slug)).toBe(1);
    expect((await mailbox(body.email)).filter((e) => e.template === "confirmed")).toHaveLength(1);
  });

  it("refuses an expired link with a page that says how to get a new one", async () => {
    const campaign = await seedCampaign();
    const { body, link } = await pendingSignature(campaign.slug, { locale: "en" });
    const [signature] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    await db.update(tokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(tokens.signatureId, signature.id)).run();

    const response = await call(link, { method: "POST" });

    expect(response.status).toBe(410);
    expect(await response.text()).toContain("This link has expired");
    expect(await countOf(campaign.slug)).toBe(0);
  });

  it("expires links after 7 days", async () => {
    const campaign = await seedCampaign();
    const { body } = await pendingSignature(campaign.slug);
    const [signature] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    const [token] = await db.select().from(tokens).where(eq(tokens.signatureId, signature.id)).all();
    const days = (token.expiresAt.getTime() - token.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(7, 1);
  });

  it("still confirms with an earlier link after a fresh one was sent", async () => {
    const campaign = await seedCampaign();
    const { body, link: first } = await pendingSignature(campaign.slug);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

    const response = await call(first, { method: "POST" });

    expect(response.status).toBe(200);
    expect(await countOf(campaign.slug)).toBe(1);
  });

  it("holds a second entry for the same organization for review instead of listing it twice", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Casa del Migrante en Tijuana, A.C.", email: "a@casadelmigrante.org" });

    const { body, confirmed } = await signAndConfirm(campaign.slug, { organization: "casa del migrante en tijuana AC", email: "b@casadelmigrante.org" });

    expect(await confirmed.text()).toContain("El equipo organizador la revisará");
    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored).toMatchObject({ status: "held", heldReason: "duplicate-name", publishedAt: null });
    expect(await countOf(campaign.slug)).toBe(1);
  });

  it("holds an entry that differs from a listed one only by its acronym", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Latin America Working Group (LAWG)", email: "a@lawg.org" });

    const { body } = await signAndConfirm(campaign.slug, { organization: "Latin America Working Group", email: "b@other.example" });

    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored).toMatchObject({ status: "held", heldReason: "duplicate-name" });
  });

  it("holds every confirmed signature when the campaign moderates", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const { body } = await signAndConfirm(campaign.slug);

    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored).toMatchObject({ status: "held", heldReason: "moderation" });
    expect(await countOf(campaign.slug)).toBe(0);
    const [latest] = await mailbox(body.email);
    expect(latest.text).toContain("El equipo organizador la revisará");
  });
});
