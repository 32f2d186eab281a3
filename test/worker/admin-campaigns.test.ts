import { describe, expect, it } from "vitest";
import { call, postJson, seedCampaign, signAndConfirm } from "../support/worker";
import { adminSend, seedOrganizer, seedSignature } from "../support/organizers";

describe("POST /api/admin/campaigns", () => {
  it("creates a draft whose creator organizes it, and audits it", async () => {
    const { auth } = await seedOrganizer();
    const slug = `nals-${Date.now().toString(36)}`;

    const created = await postJson(
      "/api/admin/campaigns",
      {
        slug,
        title: "Letter to the Leaders",
        body: "We, the undersigned…",
        addressees: ["President of Mexico"],
        translations: { es: { title: "Carta a los líderes" } },
        allowedOrigins: ["https://partner.example"],
        closesAt: "2027-01-09T00:00:00Z",
      },
      auth,
    );
    const mine = await (await call("/api/admin/campaigns", { headers: auth })).json<any>();
    const log = await (await call(`/api/admin/campaigns/${slug}/audit`, { headers: auth })).json<any>();
    const publicView = await call(`/api/campaigns/${slug}`);

    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ slug, status: "draft", moderation: "publish", version: 1, botPolicy: "drop" });
    expect(mine.items.map((c: any) => c.slug)).toContain(slug);
    expect(log.items[0]).toMatchObject({ entity: "campaign", action: "create", entityId: slug });
    expect(publicView.status).toBe(404);
  });

  it("refuses a taken slug with 409 and bad fields with 422", async () => {
    const existing = await seedCampaign();
    const { auth } = await seedOrganizer();

    const taken = await postJson("/api/admin/campaigns", { slug: existing.slug, title: "x" }, auth);
    const bad = await postJson("/api/admin/campaigns", { slug: "Not A Slug", title: "", allowedOrigins: ["javascript:alert(1)"] }, auth);

    expect(taken.status).toBe(409);
    expect(bad.status).toBe(422);
    expect((await bad.json<any>()).errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(["slug", "title", "allowedOrigins.0"]));
  });
});

describe("PATCH /api/admin/campaigns/:slug", () => {
  it("edits settings with an audit entry of what changed, before and after", async () => {
    const campaign = await seedCampaign({ status: "draft" });
    const { auth, organizer } = await seedOrganizer(campaign);

    const response = await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { status: "open", moderation: "hold" }, auth);
    const log = await (await call(`/api/admin/campaigns/${campaign.slug}/audit`, { headers: auth })).json<any>();

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "open", moderation: "hold", version: 1 });
    expect(log.items[0]).toMatchObject({
      organizerId: organizer.id,
      action: "update",
      before: { status: "draft", moderation: "publish" },
      after: { status: "open", moderation: "hold" },
    });
  });

  it("sets the address signers' replies go to, which must be an address", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const path = `/api/admin/campaigns/${campaign.slug}`;

    const set = await adminSend("PATCH", path, { replyTo: " Coordinacion@Coalicion.example " }, auth);
    const bad = await adminSend("PATCH", path, { replyTo: "not an address" }, auth);
    const cleared = await adminSend("PATCH", path, { replyTo: null }, auth);

    expect(await set.json()).toMatchObject({ replyTo: "coordinacion@coalicion.example" });
    expect(bad.status).toBe(422);
    expect((await bad.json<any>()).errors).toEqual([expect.objectContaining({ field: "replyTo", code: "invalid_email" })]);
    expect(await cleared.json()).toMatchObject({ replyTo: null });
  });

  it("bumps the letter version when the text changes after signatures, and signatures keep theirs", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const unsigned = await seedCampaign();
    const other = await seedOrganizer(unsigned);
    await signAndConfirm(campaign.slug);

    const edited = await (await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { body: "A corrected text." }, auth)).json<any>();
    const list = await (await call(`/api/admin/campaigns/${campaign.slug}/signatures`, { headers: auth })).json<any>();
    const editedUnsigned = await (await adminSend("PATCH", `/api/admin/campaigns/${unsigned.slug}`, { body: "Draft two." }, other.auth)).json<any>();
    const settingsOnly = await (await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { allowedOrigins: ["*"], closesAt: null }, auth)).json<any>();

    expect(edited.version).toBe(2);
    expect(list.items[0]).toMatchObject({ letterVersion: 1, signedOlderVersion: true });
    expect(editedUnsigned.version).toBe(1);
    expect(settingsOnly.version).toBe(2);
  });

  it("lets the public API's CORS follow the edited allowed origins", async () => {
    const campaign = await seedCampaign({ allowedOrigins: [] });
    const { auth } = await seedOrganizer(campaign);
    const origin = { Origin: "https://partner.example" };

    const before = await call(`/api/campaigns/${campaign.slug}`, { headers: origin });
    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { allowedOrigins: ["https://partner.example"] }, auth);
    const after = await call(`/api/campaigns/${campaign.slug}`, { headers: origin });

    expect(before.status).toBe(403);
    expect(after.status).toBe(200);
    expect(after.headers.get("Access-Control-Allow-Origin")).toBe("https://partner.example");
  });
});

describe("GET /api/admin/campaigns/:slug/dashboard", () => {
  it("counts by status, per day and by country", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { country: "MX" });
    await seedSignature(campaign, { country: "MX" });
    await seedSignature(campaign, { country: "US" });
    await seedSignature(campaign, { status: "held", heldReason: "moderation" });
    await seedSignature(campaign, { status: "pending" });

    const dashboard = await (await call(`/api/admin/campaigns/${campaign.slug}/dashboard`, { headers: auth })).json<any>();

    expect(dashboard).toMatchObject({
      count: 3,
      byStatus: { published: 3, held: 1, pending: 1, rejected: 0 },
      byCountry: [
        { country: "MX", count: 2 },
        { country: "US", count: 1 },
      ],
    });
    expect(dashboard.perDay).toEqual([{ day: new Date().toISOString().slice(0, 10), count: 3 }]);
  });
});

describe("PUT /api/admin/campaigns/:slug/notifications", () => {
  it("stores the organizer's choice for this campaign", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);

    const response = await adminSend("PUT", `/api/admin/campaigns/${campaign.slug}/notifications`, { notifications: "each" }, auth);
    const me = await (await call("/api/admin/me", { headers: auth })).json<any>();

    expect(response.status).toBe(200);
    expect(me.campaigns[0].notifications).toBe("each");
  });
});
