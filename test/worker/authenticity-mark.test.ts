import { and, eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Campaign as PublicCampaign, SignatureList } from "../../contract";
import { auditLog, signatures } from "../../schema/tables";
import { adminSend, seedMember, seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, HEAVY_TEST_TIMEOUT_MS, seedCampaign, signAndConfirm } from "../support/worker";

/** The public list as it stands now: at its current version, as widgets reread it, past any cached copy. */
async function listOf(slug: string) {
  const { listVersion } = (await (await call(`/api/campaigns/${slug}`)).json()) as PublicCampaign;
  return (await (await call(`/api/campaigns/${slug}/signatures?version=${listVersion}`)).json()) as SignatureList;
}

describe("the mark of authenticity on a confirmation", () => {
  it("marks an entry confirmed from its website's domain where the campaign shows marks", async () => {
    const campaign = await seedCampaign({ showAuthenticity: true, translations: { es: { title: "Carta" }, fr: { title: "Lettre" } } });
    await signAndConfirm(campaign.slug, { organization: "Kino Border Initiative", website: "www.example.org", email: `info-${Date.now()}@example.org` });
    await signAndConfirm(campaign.slug, { organization: "Colectivo Gratuito", website: "colectivo.example", email: `colectivo-${Date.now()}@gmail.com` });

    const items = (await listOf(campaign.slug)).items;
    const notes = await Promise.all(
      ["en", "es", "fr"].map(async (lang) => ((await (await call(`/api/campaigns/${campaign.slug}?lang=${lang}`)).json()) as PublicCampaign).authenticityNote),
    );
    const page = await (await call(`/c/${campaign.slug}`)).text();

    expect(items.find((item) => item.name === "Kino Border Initiative")?.authenticated).toBe("domain");
    expect(items.find((item) => item.name === "Colectivo Gratuito")?.authenticated).toBeNull();
    expect(notes[0]).toMatch(/^✓ Confirmed from an email address at the organization’s own website domain/);
    expect(notes[1]).toMatch(/^✓ Confirmada desde una dirección de correo/);
    expect(notes[2]).toMatch(/^✓ Confirmée depuis une adresse courriel/);
    expect(page).toContain('<strong>Kino Border Initiative</strong> <span class="mark" role="img" aria-label="Confirmed from its own domain" title="Confirmed from its own domain">✓</span>');
    expect(page).toContain(notes[0]);
    expect(page.match(/class="mark"/g)).toHaveLength(1);
  });

  it("shows no mark and no explanation where the campaign does not show marks", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug, { organization: "Kino Border Initiative" });

    const body = (await (await call(`/api/campaigns/${campaign.slug}`)).json()) as PublicCampaign;
    const page = await (await call(`/c/${campaign.slug}`)).text();

    expect((await listOf(campaign.slug)).items[0].authenticated).toBeNull();
    expect(body.authenticityNote).toBeNull();
    expect(page).not.toContain('class="mark"');
    // Recorded at confirmation all the same: the address that proves it is erased later.
    expect((await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).get())?.authenticated).toBe("domain");
  });

  it("shows marks recorded earlier once the campaign turns them on, and hides them when it turns them off", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await signAndConfirm(campaign.slug, { organization: "Kino Border Initiative" });
    const before = await call(`/api/campaigns/${campaign.slug}/signatures`);

    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { showAuthenticity: true }, auth);
    const shown = await call(`/api/campaigns/${campaign.slug}/signatures`, { headers: { "If-None-Match": before.headers.get("ETag")! } });

    expect(shown.status).toBe(200);
    expect(((await shown.json()) as SignatureList).items[0].authenticated).toBe("domain");
    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { showAuthenticity: false }, auth);
    expect((await listOf(campaign.slug)).items[0].authenticated).toBeNull();
  });
});

describe("PUT /api/admin/campaigns/:slug/signatures/:id/authenticity", () => {
  it("lets an editor grant the mark after their own check, and take it back, each in the audit log", async () => {
    const campaign = await seedCampaign({ showAuthenticity: true });
    const editor = await seedMember(campaign, "editor");
    const signature = await seedSignature(campaign, { name: "Servicio Jesuita a Migrantes", email: "sjm@gmail.com", emailDomain: "gmail.com" });
    const path = `/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}/authenticity`;

    const granted = await adminSend("PUT", path, { granted: true }, editor.auth);
    const listed = (await listOf(campaign.slug)).items[0];
    const page = await (await call(`/c/${campaign.slug}?lang=es`)).text();
    const revoked = await adminSend("PUT", path, { granted: false }, editor.auth);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "signature"), eq(auditLog.entityId, signature.id)))
      .all();

    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ id: signature.id, authenticated: "organizer" });
    expect(listed.authenticated).toBe("organizer");
    expect(page).toContain('aria-label="Verificada por el equipo organizador"');
    expect(await revoked.json()).toMatchObject({ authenticated: null });
    expect((await listOf(campaign.slug)).items[0].authenticated).toBeNull();
    expect(entries.map((entry) => [entry.action, entry.organizerId, entry.after])).toEqual([
      ["grant-authenticity", editor.organizer.id, { authenticated: "organizer" }],
      ["revoke-authenticity", editor.organizer.id, { authenticated: null }],
    ]);
  });

  it("refuses viewers and reviewers, and changes nothing", async () => {
    const campaign = await seedCampaign({ showAuthenticity: true });
    const signature = await seedSignature(campaign);
    for (const role of ["viewer", "reviewer"] as const) {
      const member = await seedMember(campaign, role);
      const response = await adminSend("PUT", `/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}/authenticity`, { granted: true }, member.auth);
      expect(response.status, role).toBe(403);
    }
    expect((await db.select().from(signatures).where(eq(signatures.id, signature.id)).get())?.authenticated).toBeNull();
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, signature.id)).all()).toEqual([]);
  });
});

describe("the PDF export's legend", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("explains the mark where the campaign shows marks, and only there", async () => {
    for (const showAuthenticity of [true, false]) {
      const campaign = await seedCampaign({ showAuthenticity });
      const { auth } = await seedOrganizer(campaign);
      await seedSignature(campaign, { name: "Kino Border Initiative", authenticated: "domain" });
      const response = await call(`/api/admin/campaigns/${campaign.slug}/export?format=pdf`, { headers: auth });
      const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
      const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");

      expect(text.includes("Confirmed from an email address at the organization’s own website domain, or checked by the organizers."), String(showAuthenticity)).toBe(showAuthenticity);
      expect(text).toContain("Kino Border Initiative");
    }
  });
});
