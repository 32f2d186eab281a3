import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, signatures } from "../../schema/tables";
import { call, db, mailbox, postJson, seedCampaign } from "../support/worker";
import { adminSend, seedOrganizer, seedSignature } from "../support/organizers";

const list = async (slug: string, auth: Record<string, string>, query = "") =>
  (await call(`/api/admin/campaigns/${slug}/signatures${query}`, { headers: auth })).json<any>();

describe("GET /api/admin/campaigns/:slug/signatures", () => {
  it("filters the queue by status and shows contact fields to organizers", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const held = await seedSignature(campaign, { status: "held", heldReason: "moderation" });
    await seedSignature(campaign);
    const withdrawn = await seedSignature(campaign, { status: "withdrawn" });

    const heldPage = await list(campaign.slug, auth, "?status=held");
    const withdrawnPage = await list(campaign.slug, auth, "?status=withdrawn");
    const bad = await call(`/api/admin/campaigns/${campaign.slug}/signatures?status=deleted`, { headers: auth });

    expect(heldPage.items.map((s: any) => s.id)).toEqual([held.id]);
    expect(heldPage.items[0]).toMatchObject({ email: held.email, contactName: "Luz Ramírez", heldReason: "moderation" });
    expect(withdrawnPage.items.map((s: any) => s.id)).toEqual([withdrawn.id]);
    expect(bad.status).toBe(422);
  });

  it("pages with a cursor, newest first", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    for (let i = 0; i < 5; i++) await seedSignature(campaign, { createdAt: new Date(Date.now() - i * 1000) });

    const first = await list(campaign.slug, auth, "?limit=3");
    const second = await list(campaign.slug, auth, `?limit=3&cursor=${first.nextCursor}`);

    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((s: any) => s.id)).size).toBe(5);
  });

  it("flags possible duplicates by normalized name and by email domain, and the authenticity signals", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const first = await seedSignature(campaign, { name: "Casa del Migrante, A.C.", email: "info@casamigrante.org", website: "https://www.casamigrante.org" });
    const second = await seedSignature(campaign, { name: "casa del migrante AC", email: "casa.migrante@gmail.com" });
    const sameDomain = await seedSignature(campaign, { name: "Albergue Hermanos", email: "otra@casamigrante.org" });
    const unrelated = await seedSignature(campaign, { name: "Otra Gmail", email: "otra@gmail.com" });

    const byId = Object.fromEntries((await list(campaign.slug, auth)).items.map((s: any) => [s.id, s]));

    expect(byId[first.id].duplicates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: second.id, reason: "name" }),
        expect.objectContaining({ id: sameDomain.id, reason: "email-domain" }),
      ]),
    );
    expect(byId[first.id].signals).toEqual({ domainMatchesWebsite: true, freeMail: false });
    expect(byId[second.id].signals).toEqual({ domainMatchesWebsite: false, freeMail: true });
    expect(byId[unrelated.id].duplicates).toEqual([]);
  });
});

describe("POST /api/admin/campaigns/:slug/signatures/:id/approve", () => {
  it("publishes a held signature: counted, listed, audited", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const { auth, organizer } = await seedOrganizer(campaign);
    const held = await seedSignature(campaign, { status: "held", heldReason: "moderation", locale: "fr" });

    const response = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${held.id}/approve`, {}, auth);
    const publicList = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    const log = await (await call(`/api/admin/campaigns/${campaign.slug}/audit`, { headers: auth })).json<any>();
    const again = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${held.id}/approve`, {}, auth);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "published", heldReason: null });
    expect(publicList.count).toBe(1);
    expect(publicList.items[0].id).toBe(held.id);
    expect(log.items[0]).toMatchObject({
      organizerId: organizer.id,
      organizer: organizer.email,
      entityId: held.id,
      action: "approve",
      before: { status: "held" },
      after: { status: "published" },
    });
    expect(again.status).toBe(409);
    // Told at confirmation that organizers would review it, the signer hears it is listed, once.
    const emails = await mailbox(held.email!);
    expect(emails.map((email) => email.template)).toEqual(["listed"]);
    expect(emails[0].subject).toBe("Désormais sur la liste\u00a0: Letter to the Leaders");
    expect(emails[0].text).toContain(`/c/${campaign.slug}?lang=fr`);
  });
});

describe("POST /api/admin/campaigns/:slug/signatures/:id/reject", () => {
  it("takes a published signature off the list and count", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const published = await seedSignature(campaign);

    const response = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${published.id}/reject`, {}, auth);
    const count = await db.select({ count: campaigns.signatureCount }).from(campaigns).where(eq(campaigns.id, campaign.id)).get();

    expect(await response.json()).toMatchObject({ status: "rejected", rejectedReason: "organizer" });
    expect(count!.count).toBe(0);
  });

  it("answers 404 for a signature of another campaign", async () => {
    const campaign = await seedCampaign();
    const other = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const foreign = await seedSignature(other);

    const response = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${foreign.id}/reject`, {}, auth);
    expect(response.status).toBe(404);
  });
});

describe("PATCH /api/admin/campaigns/:slug/signatures/:id", () => {
  it("corrects public fields, refolds the keys, and audits before and after", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const signature = await seedSignature(campaign, { name: "Centro Fray Matias" });

    const response = await adminSend(
      "PATCH",
      `/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}`,
      { name: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.", country: "mx", members: ["Red Jesuita"], website: "cdhfraymatias.org" },
      auth,
    );
    const stored = await db.select().from(signatures).where(eq(signatures.id, signature.id)).get();
    const log = await (await call(`/api/admin/campaigns/${campaign.slug}/audit`, { headers: auth })).json<any>();
    const found = await (await call(`/api/campaigns/${campaign.slug}/signatures?q=cordova`)).json<any>();

    expect(response.status).toBe(200);
    expect(stored).toMatchObject({
      name: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.",
      organizationKey: "centro de derechos humanos fray matias de cordova",
      members: ["Red Jesuita"],
      website: "https://cdhfraymatias.org",
    });
    expect(log.items[0]).toMatchObject({
      action: "update",
      before: { name: "Centro Fray Matias", members: [], website: null },
      after: { name: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.", members: ["Red Jesuita"], website: "https://cdhfraymatias.org" },
    });
    expect(log.items[0].before).not.toHaveProperty("country");
    expect(found.items.map((s: any) => s.id)).toEqual([signature.id]);
  });

  it("refuses private or unknown fields and invalid values", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const signature = await seedSignature(campaign);

    const response = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}`, { email: "x@y.z", country: "ZZ" }, auth);

    expect(response.status).toBe(422);
    expect((await response.json<any>()).errors.map((e: any) => e.field).sort()).toEqual(["country", "email"]);
  });
});

describe("POST /api/admin/campaigns/:slug/signatures/:id/merge and keep-both", () => {
  it("merges a duplicate into the kept entry, or keeps both and stops flagging the pair", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const kept = await seedSignature(campaign, { name: "Espacio Migrante A.C." });
    const copy = await seedSignature(campaign, { name: "Espacio Migrante" });
    const twinA = await seedSignature(campaign, { name: "Sin Fronteras IAP" });
    const twinB = await seedSignature(campaign, { name: "Sin Fronteras, I.A.P." });

    const merged = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${copy.id}/merge`, { into: kept.id }, auth);
    const keptBoth = await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${twinA.id}/keep-both`, {}, auth);
    const byId = Object.fromEntries((await list(campaign.slug, auth)).items.map((s: any) => [s.id, s]));

    expect(await merged.json()).toMatchObject({ status: "rejected", rejectedReason: "duplicate", duplicateOf: kept.id });
    expect(byId[kept.id].duplicates).toEqual([]);
    expect(keptBoth.status).toBe(200);
    expect(byId[twinA.id].duplicates).toEqual([]);
    expect(byId[twinB.id].duplicates).toEqual([]);
  });
});

describe("POST /api/admin/campaigns/:slug/bulk-rejections", () => {
  it("takes one time bound alone as that bound, and counts before it rejects", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const early = await seedSignature(campaign, { email: "a@wave.example", createdAt: new Date("2026-11-30T07:49:00Z") });
    const late = await seedSignature(campaign, { email: "b@wave.example", createdAt: new Date("2026-11-30T07:50:30Z") });
    const path = `/api/admin/campaigns/${campaign.slug}/bulk-rejections`;

    const preview = await (await postJson(path, { domain: "wave.example", from: "2026-11-30T07:50:00Z", dryRun: true }, auth)).json<any>();
    const statusesAfterPreview = (await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).map((s) => s.status);
    const done = await (await postJson(path, { domain: "wave.example", from: "2026-11-30T07:50:00Z", reason: "spam wave" }, auth)).json<any>();
    const backwards = await postJson(path, { from: "2026-11-30T08:00:00Z", to: "2026-11-30T07:00:00Z", reason: "wave" }, auth);

    expect(preview).toEqual({ matching: 1 });
    expect(statusesAfterPreview).toEqual(["published", "published"]);
    expect(done).toMatchObject({ rejected: 1 });
    const statuses = Object.fromEntries((await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).map((s) => [s.id, s.status]));
    expect(statuses).toEqual({ [early.id]: "published", [late.id]: "rejected" });
    expect(backwards.status).toBe(422);
    expect((await backwards.json<any>()).errors).toEqual([expect.objectContaining({ field: "to", code: "invalid_range" })]);
  });

  it("rejects every live signature from a domain, or made within a time range", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const spam = await seedSignature(campaign, { email: "a@spam.example" });
    const spamSub = await seedSignature(campaign, { email: "b@mx.spam.example" });
    const fine = await seedSignature(campaign, { email: "c@fine.example", createdAt: new Date("2026-01-01T10:00:00Z") });
    const flood = await seedSignature(campaign, { email: "d@other.example", createdAt: new Date("2026-02-01T10:00:00Z") });

    const byDomain = await (await postJson(`/api/admin/campaigns/${campaign.slug}/bulk-rejections`, { domain: "spam.example", reason: "spam" }, auth)).json<any>();
    const byTime = await (
      await postJson(`/api/admin/campaigns/${campaign.slug}/bulk-rejections`, { from: "2026-02-01T09:00:00Z", to: "2026-02-01T11:00:00Z", reason: "a flood" }, auth)
    ).json<any>();
    const neither = await postJson(`/api/admin/campaigns/${campaign.slug}/bulk-rejections`, { reason: "no filter" }, auth);
    const statuses = Object.fromEntries(
      (await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).map((s) => [s.id, s.status]),
    );

    expect(byDomain.rejected).toBe(2);
    expect(byTime.rejected).toBe(1);
    expect(statuses).toEqual({ [spam.id]: "rejected", [spamSub.id]: "rejected", [fine.id]: "published", [flood.id]: "rejected" });
    expect(neither.status).toBe(422);
  });
});
