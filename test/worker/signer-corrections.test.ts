import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { ReviewSignature, SignatureList } from "../../contract";
import { auditLog, campaigns, signatures, type Campaign } from "../../schema/tables";
import { openWidget } from "../support/live";
import { adminGet, seedOrganizer, seedSignature } from "../support/organizers";
import { BASE, call, db, mailbox, postJson, seedCampaign, signAndConfirm } from "../support/worker";

const admin = (slug: string) => `/api/admin/campaigns/${slug}`;

/** Signs and confirms; answers the signature and the manage link its confirmation email carries. */
async function signed(campaign: Campaign, overrides: Record<string, unknown> = {}) {
  const { body } = await signAndConfirm(campaign.slug, overrides);
  const confirmed = (await mailbox(body.email)).find((email) => email.template === "confirmed")!;
  const managePath = confirmed.text.match(/\/manage\/[A-Za-z0-9_-]{43}/)![0];
  const signature = (await db.select().from(signatures).where(eq(signatures.email, body.email)).get())!;
  return { body, managePath, signature };
}

/** The manage form as a browser posts it from our own page. */
function submit(path: string, fields: Record<string, string>, origin = BASE) {
  return call(path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Accept: "text/html" },
    body: new URLSearchParams(fields).toString(),
  });
}

const formOf = (signature: { name: string; city: string | null; region: string | null; country: string | null; website: string | null }) => ({
  name: signature.name,
  city: signature.city ?? "",
  region: signature.region ?? "",
  country: signature.country ?? "",
  website: signature.website ?? "",
  members: "",
});

/** The public list as a widget rereads it after hearing of a change: at the list's current version, which no older copy holds. */
async function publicNames(slug: string) {
  const { listVersion } = (await db.select({ listVersion: campaigns.listVersion }).from(campaigns).where(eq(campaigns.slug, slug)).get())!;
  const list = await (await call(`/api/campaigns/${slug}/signatures?version=${listVersion}`)).json<SignatureList>();
  return list.items.map((item) => item.name);
}

const auditActions = async (signatureId: string) =>
  (await db.select().from(auditLog).where(eq(auditLog.entityId, signatureId)).all()).map((entry) => [entry.action, entry.organizerId]);

describe("GET /manage/:token", () => {
  it("shows the entry's public fields in a form, and changes nothing", async () => {
    const campaign = await seedCampaign();
    const { managePath, signature } = await signed(campaign, { organization: "Casa del Migrante" });

    const page = await call(managePath);
    expect(page.status).toBe(200);
    expect(page.headers.get("Referrer-Policy")).toBe("same-origin");
    const html = await page.text();
    expect(html).toContain('value="Casa del Migrante"');
    expect(html).toContain("Su firma");
    expect(await db.select().from(signatures).where(eq(signatures.id, signature.id)).get()).toEqual(signature);
  });
});

describe("POST /manage/:token", () => {
  it("publishes a fix of case or accents at once, audited as the signer's, and open widgets hear of it", async () => {
    const campaign = await seedCampaign();
    const { managePath, signature } = await signed(campaign, { organization: "centro de derechos humanos fray matias" });
    const widget = await openWidget(campaign.slug);
    const hello = await widget.next(1);

    const saved = await submit(managePath, { ...formOf(signature), name: "Centro de Derechos Humanos Fray Matías", city: "Tapachula de Córdova" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Se guardaron las correcciones");

    const message = await widget.next(2);
    expect(message).toMatchObject({ type: "refresh", count: 1 });
    expect(message.listVersion).toBeGreaterThan(hello.listVersion);
    widget.socket.close();
    expect(await publicNames(campaign.slug)).toEqual(["Centro de Derechos Humanos Fray Matías"]);
    expect(await auditActions(signature.id)).toEqual([["signer-correct", null]]);
  });

  it("holds a new name for the organizers, keeps the listed entry, and an organizer approves it", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const { managePath, signature } = await signed(campaign, { organization: "Colectivo Frontera" });

    const saved = await submit(managePath, { ...formOf(signature), name: "Colectivo Frontera Sur" });
    expect(await saved.text()).toContain("El equipo organizador revisará las correcciones");
    expect(await publicNames(campaign.slug)).toEqual(["Colectivo Frontera"]);
    expect(await (await call(managePath)).text()).toContain("espera la revisión del equipo organizador");
    const review = await (await adminGet(`${admin(campaign.slug)}/signatures/${signature.id}`, auth)).json<ReviewSignature>();
    expect(review.pendingCorrection).toMatchObject({ name: "Colectivo Frontera Sur", possibleImpersonation: false });
    const waiting = await (await adminGet(`${admin(campaign.slug)}/signatures?correction=pending`, auth)).json<{ items: ReviewSignature[] }>();
    expect(waiting.items.map((item) => item.id)).toEqual([signature.id]);

    const approved = await postJson(`${admin(campaign.slug)}/signatures/${signature.id}/correction/approve`, {}, auth);
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ name: "Colectivo Frontera Sur", pendingCorrection: null });
    expect(await publicNames(campaign.slug)).toEqual(["Colectivo Frontera Sur"]);
    const entries = await auditActions(signature.id);
    expect(entries).toContainEqual(["signer-correction-requested", null]);
    expect(entries.find(([action]) => action === "approve-correction")?.[1]).toEqual(expect.any(Number));
  });

  it("holds any change to a listed entry of a moderated campaign; rejecting it leaves the entry as it was", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const { auth } = await seedOrganizer(campaign);
    const { managePath, signature } = await signed(campaign, { organization: "Red de Mujeres" });
    await postJson(`${admin(campaign.slug)}/signatures/${signature.id}/approve`, {}, auth);

    await submit(managePath, { ...formOf(signature), name: "RED DE MUJERES", city: "Oaxaca" });
    const stored = await db.select().from(signatures).where(eq(signatures.id, signature.id)).get();
    expect(stored).toMatchObject({ name: "Red de Mujeres", status: "published", pendingCorrection: { fields: { name: "RED DE MUJERES", city: "Oaxaca" } } });

    const rejected = await postJson(`${admin(campaign.slug)}/signatures/${signature.id}/correction/reject`, {}, auth);
    expect(await rejected.json()).toMatchObject({ name: "Red de Mujeres", pendingCorrection: null });
    expect((await postJson(`${admin(campaign.slug)}/signatures/${signature.id}/correction/approve`, {}, auth)).status).toBe(409);
    expect(await publicNames(campaign.slug)).toEqual(["Red de Mujeres"]);
  });

  it("flags a new name that imitates a listed organization from another domain", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Oxfam", status: "published", email: "info@oxfam.example" });
    const { managePath, signature } = await signed(campaign, { organization: "Grupo Local" });

    await submit(managePath, { ...formOf(signature), name: "Оxfam" });

    const review = await (await adminGet(`${admin(campaign.slug)}/signatures/${signature.id}`, auth)).json<ReviewSignature>();
    expect(review.pendingCorrection).toMatchObject({ name: "Оxfam", possibleImpersonation: true });
    expect(review.name).toBe("Grupo Local");
  });

  it("refuses a post from another site's page, and writes nothing", async () => {
    const campaign = await seedCampaign();
    const { managePath, signature } = await signed(campaign);

    const refused = await submit(managePath, { ...formOf(signature), name: "Otro Nombre" }, "https://evil.example");
    expect(refused.status).toBe(403);
    expect(await db.select().from(signatures).where(eq(signatures.id, signature.id)).get()).toEqual(signature);
    expect(await auditActions(signature.id)).toEqual([]);
  });

  it("answers bad input in the signer's language, keeping what was typed, and writes nothing", async () => {
    const campaign = await seedCampaign();
    const { managePath, signature } = await signed(campaign);

    const refused = await submit(managePath, { ...formOf(signature), name: "", website: "no es una web", country: "ZZ" });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("No se guardó nada. Revise estos campos:");
    expect(html).toContain("Sitio web: Escriba una dirección web como ejemplo.org.");
    expect(html).toContain('value="no es una web"');
    expect(await db.select().from(signatures).where(eq(signatures.id, signature.id)).get()).toEqual(signature);
    expect(await auditActions(signature.id)).toEqual([]);
  });
});

describe("POST /manage/:token/withdraw", () => {
  it("withdraws the entry; the link then says it is no longer on the letter", async () => {
    const campaign = await seedCampaign();
    const { managePath, signature } = await signed(campaign);

    const withdrawn = await call(`${managePath}/withdraw`, { method: "POST", headers: { Origin: BASE } });
    expect(withdrawn.status).toBe(200);
    expect(await db.select({ status: signatures.status }).from(signatures).where(and(eq(signatures.id, signature.id))).get()).toEqual({ status: "withdrawn" });
    expect(await publicNames(campaign.slug)).toEqual([]);
    expect((await call(managePath)).status).toBe(410);
  });
});
