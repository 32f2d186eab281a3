import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CoalitionList } from "../../contract";
import { coalitionContacts } from "../../schema/coalition";
import { auditLog, campaignMemberships, campaigns, signatures } from "../../schema/tables";
import { runScheduled } from "../support/cron";
import { adminGet, adminSend, seedMember, seedOrganizer } from "../support/organizers";
import { resendAccount } from "../support/resend";
import { call, db, HEAVY_TEST_TIMEOUT_MS, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

const admin = (slug: string) => `/api/admin/campaigns/${slug}`;

let sequence = 0;
/** A domain of the test's own: lists match organizations on it. */
const domain = () => `org${++sequence}-${Date.now().toString(36)}.example`;

/** Two campaigns with one owner: the earlier letter and the new one, in one coalition. */
async function coalition() {
  const earlier = await seedCampaign({ title: "Earlier letter" });
  const next = await seedCampaign({ title: "New letter", translations: { es: { title: "Nueva carta" } }, language: "en" });
  const owner = await seedOrganizer(earlier, next);
  return { earlier, next, owner };
}

async function listed(slug: string, auth: Record<string, string>) {
  const response = await adminGet(`${admin(slug)}/coalition`, auth);
  expect(response.status).toBe(200);
  return (await response.json<CoalitionList>()).items;
}

describe("coalition consent at sign-on", () => {
  it("is kept only once the email is confirmed, and the confirmation page says it was given", async () => {
    const { earlier, next, owner } = await coalition();
    const body = signOnBody({ organization: "Red Migrante", email: `coordinacion@${domain()}`, coalitionConsent: true });
    expect((await postJson(`/api/campaigns/${earlier.slug}/signatures`, body)).status).toBe(202);
    expect(await listed(next.slug, owner.auth)).toEqual([]);

    const [email] = await mailbox(body.email);
    const page = await call(verifyPath(email));
    expect(await page.text()).toContain("Acepta recibir noticias de las próximas cartas de esta coalición");
    await call(verifyPath(email), { method: "POST" });

    const [contact] = await listed(next.slug, owner.auth);
    expect(contact).toMatchObject({ organization: "Red Migrante", email: body.email, locale: "es", campaign: { slug: earlier.slug }, invitedAt: null });
  });
});

describe("GET /api/admin/campaigns/:slug/coalition", () => {
  it("lists an organization that consented in another campaign of the coalition until it signs this one; never one without consent", async () => {
    const { earlier, next, owner } = await coalition();
    const consenting = domain();
    await signAndConfirm(earlier.slug, { organization: "Centro Fray Matías", email: `ana@${consenting}`, coalitionConsent: true });
    await signAndConfirm(earlier.slug, { organization: "Sin Consentimiento", email: `luz@${domain()}` });
    const elsewhere = await seedCampaign();
    await seedOrganizer(elsewhere);

    expect((await listed(next.slug, owner.auth)).map((contact) => contact.organization)).toEqual(["Centro Fray Matías"]);
    // Another owner's campaign is another coalition.
    expect(await listed(elsewhere.slug, (await seedOrganizer(elsewhere)).auth)).toEqual([]);

    // Its organization signs the new letter from another address of its domain, under its legal form.
    await signAndConfirm(next.slug, { organization: "Centro Fray Matías, A.C.", email: `pedro@${consenting}` });
    expect(await listed(next.slug, owner.auth)).toEqual([]);
  });

  it("recognizes an organization that signed under another name from its email domain, but not from a free-mail one", async () => {
    const { earlier, next, owner } = await coalition();
    const shared = domain();
    await signAndConfirm(earlier.slug, { organization: "Kino Border Initiative", email: `a@${shared}`, coalitionConsent: true });
    await signAndConfirm(earlier.slug, { organization: "Colectivo Gmail", email: `colectivo${Date.now()}@gmail.com`, coalitionConsent: true });
    await signAndConfirm(next.slug, { organization: "Iniciativa Kino para la Frontera", email: `b@${shared}` });
    await signAndConfirm(next.slug, { organization: "Otro Colectivo", email: `otro${Date.now()}@gmail.com` });

    expect((await listed(next.slug, owner.auth)).map((contact) => contact.organization)).toEqual(["Colectivo Gmail"]);
  });

  it("is for editors and owners", async () => {
    const { next } = await coalition();
    const reviewer = await seedMember(next, "reviewer");
    const editor = await seedMember(next, "editor");
    expect((await adminGet(`${admin(next.slug)}/coalition`, reviewer.auth)).status).toBe(403);
    expect((await adminGet(`${admin(next.slug)}/coalition`, editor.auth)).status).toBe(200);
  });
});

describe("POST /api/admin/campaigns/:slug/coalition/invitations", () => {
  it(
    "emails each contact once, in their language, with the letter and a one-click unsubscribe that takes them off every later list",
    async () => {
      const resend = resendAccount();
      const { earlier, next, owner } = await coalition();
      const { body } = await signAndConfirm(earlier.slug, { organization: "Alianza Sur", email: `enlace@${domain()}`, coalitionConsent: true });

      const sent = await postJson(`${admin(next.slug)}/coalition/invitations`, {}, owner.auth, resend.bindings);
      expect(sent.status).toBe(200);
      expect(await sent.json()).toEqual({ invited: 1 });
      const [invitation] = await resend.delivered(body.email);
      expect(invitation.body.subject).toBe("Una nueva carta para firmar: Nueva carta");
      expect(invitation.body.text).toContain(`/c/${next.slug}`);
      expect(invitation.body.text).toContain("«Earlier letter»");
      expect(invitation.body.headers!["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const unsubscribeUrl = /<(.+)>/.exec(invitation.body.headers!["List-Unsubscribe"])![1];
      expect(invitation.body.text).toContain(unsubscribeUrl);

      // Not twice for one campaign.
      expect(await (await postJson(`${admin(next.slug)}/coalition/invitations`, {}, owner.auth, resend.bindings)).json()).toEqual({ invited: 0 });
      expect(await resend.delivered(body.email)).toHaveLength(1);
      expect((await listed(next.slug, owner.auth))[0].invitedAt).not.toBeNull();

      // Opening the link changes nothing; the mail client's one click ends the consent.
      const path = new URL(unsubscribeUrl).pathname;
      expect((await call(path)).status).toBe(200);
      expect(await listed(next.slug, owner.auth)).toHaveLength(1);
      const oneClick = await call(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(oneClick.status).toBe(200);
      expect(await oneClick.text()).toContain("Suscripción cancelada");

      expect(await listed(next.slug, owner.auth)).toEqual([]);
      const later = await seedCampaign();
      await db.insert(campaignMemberships).values({ organizerId: owner.organizer.id, campaignId: later.id });
      expect(await listed(later.slug, owner.auth)).toEqual([]);
      expect(await db.select().from(coalitionContacts).where(eq(coalitionContacts.email, body.email)).all()).toEqual([]);
      const [entry] = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.campaignId, next.id), eq(auditLog.action, "unsubscribe")))
        .all();
      expect(entry).toMatchObject({ organizerId: null, entity: "coalition-contact" });
      expect(JSON.stringify(entry)).not.toContain(body.email);
      // The link now says so, and acts on nothing.
      expect(await (await call(path)).text()).toContain("Suscripción cancelada");
    },
    HEAVY_TEST_TIMEOUT_MS,
  );

  it("refuses while the letter takes no signatures, and sends nothing", async () => {
    const { earlier, next, owner } = await coalition();
    await signAndConfirm(earlier.slug, { email: `x@${domain()}`, coalitionConsent: true });
    await adminSend("PATCH", admin(next.slug), { status: "closed" }, owner.auth);
    const refused = await postJson(`${admin(next.slug)}/coalition/invitations`, {}, owner.auth);
    expect(refused.status).toBe(409);
    expect((await listed(next.slug, owner.auth))[0].invitedAt).toBeNull();
  });
});

describe("coalition consent and retention", () => {
  it("outlives the campaign's retention, which erases every other contact", async () => {
    const { earlier, next, owner } = await coalition();
    const { body } = await signAndConfirm(earlier.slug, { organization: "Memoria Viva", email: `memoria@${domain()}`, coalitionConsent: true });
    const confirmed = (await mailbox(body.email)).find((email) => email.template === "confirmed")!;
    const managePath = confirmed.text.match(/\/manage\/[A-Za-z0-9_-]{43}/)![0];
    const longAgo = new Date(Date.now() - 400 * 24 * 60 * 60 * 1000);
    await adminSend("PATCH", admin(earlier.slug), { status: "closed" }, owner.auth);
    await db.update(campaigns).set({ closesAt: longAgo, updatedAt: longAgo }).where(eq(campaigns.id, earlier.id));

    await runScheduled();

    const [signature] = await db.select().from(signatures).where(eq(signatures.campaignId, earlier.id)).all();
    expect(signature).toMatchObject({ email: null, contactName: null });
    expect(await listed(next.slug, owner.auth)).toMatchObject([{ organization: "Memoria Viva", email: body.email }]);
    // The manage link ends with the contact.
    const ended = await call(managePath);
    expect(ended.status).toBe(410);
    // In the letter's language: retention erased the signer's own.
    expect(await ended.text()).toContain("This link has expired");
  });
});

describe("GET and DELETE /api/admin/campaigns/:slug/coalition/contacts", () => {
  it("exports the consents a campaign gathered and deletes one, for owners only, audited without the address", async () => {
    const { earlier, next, owner } = await coalition();
    const { body } = await signAndConfirm(earlier.slug, { organization: "=Fórmula Colectiva", email: `f@${domain()}`, coalitionConsent: true });
    const editor = await seedMember(earlier, "editor");

    expect((await adminGet(`${admin(earlier.slug)}/coalition/contacts?format=csv`, editor.auth)).status).toBe(403);
    const csv = await adminGet(`${admin(earlier.slug)}/coalition/contacts?format=csv`, owner.auth);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain(body.email);
    expect(text).toContain("\r\n'=Fórmula Colectiva,");
    const json = await (await adminGet(`${admin(earlier.slug)}/coalition/contacts?format=json`, owner.auth)).json<Array<{ id: string; email: string }>>();
    expect(json).toMatchObject([{ email: body.email }]);

    expect((await adminSend("DELETE", `${admin(earlier.slug)}/coalition/contacts/${json[0].id}`, undefined, editor.auth)).status).toBe(403);
    // Only from the campaign that gathered it.
    expect((await adminSend("DELETE", `${admin(next.slug)}/coalition/contacts/${json[0].id}`, undefined, owner.auth)).status).toBe(404);
    expect((await adminSend("DELETE", `${admin(earlier.slug)}/coalition/contacts/${json[0].id}`, undefined, owner.auth)).status).toBe(204);

    expect(await listed(next.slug, owner.auth)).toEqual([]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, json[0].id), eq(auditLog.action, "delete"))).all();
    expect(entry).toMatchObject({ organizerId: owner.organizer.id, entity: "coalition-contact" });
    expect(JSON.stringify(entry)).not.toContain(body.email);
  });
});
