import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signatures } from "../../schema/tables";
import { call, db, mailbox, postJson, seedCampaign, signOnBody } from "../support/worker";
import { seedOrganizer } from "../support/organizers";

describe("/api/admin/campaigns/:slug/blocklist", () => {
  it("blocks a domain (and its subdomains) or an address at sign-on: same 202, nothing stored or mailed", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const base = `/api/admin/campaigns/${campaign.slug}/blocklist`;

    const domain = await postJson(base, { kind: "domain", value: "Spam.Example", note: "bot farm" }, auth);
    await postJson(base, { kind: "email", value: "troll@fine.example" }, auth);
    const blockedSigners = [signOnBody({ email: "x@spam.example" }), signOnBody({ email: "y@mail.spam.example" }), signOnBody({ email: "troll@fine.example" })];
    const answers = await Promise.all(blockedSigners.map((body) => postJson(`/api/campaigns/${campaign.slug}/signatures`, body)));
    const allowed = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ email: "friend@fine.example" }));
    const stored = await db.select({ email: signatures.email }).from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    const listed = await (await call(base, { headers: auth })).json<any>();

    expect(domain.status).toBe(201);
    expect(await domain.json()).toMatchObject({ kind: "domain", value: "spam.example", note: "bot farm" });
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(await answer.json()).toMatchObject({ status: "pending", emailSent: "now" });
    }
    expect(allowed.status).toBe(202);
    expect(stored.map((row) => row.email)).toEqual(["friend@fine.example"]);
    expect(await mailbox("x@spam.example")).toEqual([]);
    expect(listed.items.map((entry: any) => entry.value)).toEqual(["spam.example", "troll@fine.example"]);
  });

  it("unblocks, audits, and validates the value against its kind", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const base = `/api/admin/campaigns/${campaign.slug}/blocklist`;
    const { id } = await (await postJson(base, { kind: "email", value: "who@example.org" }, auth)).json<any>();

    const removed = await call(`${base}/${id}`, { method: "DELETE", headers: auth });
    const signed = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ email: "who@example.org" }));
    const bad = await postJson(base, { kind: "domain", value: "not a domain" }, auth);
    const log = await (await call(`/api/admin/campaigns/${campaign.slug}/audit`, { headers: auth })).json<any>();

    expect(removed.status).toBe(204);
    expect(signed.status).toBe(202);
    expect((await mailbox("who@example.org")).length).toBe(1);
    expect(bad.status).toBe(422);
    expect(log.items.map((entry: any) => entry.action)).toEqual(["delete", "create"]);
  });

  it("keeps an entry's note when it is blocked again without one, and takes a new note", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const base = `/api/admin/campaigns/${campaign.slug}/blocklist`;
    await postJson(base, { kind: "domain", value: "blocked.example", note: "spam wave" }, auth);

    const again = await (await postJson(base, { kind: "domain", value: "blocked.example" }, auth)).json<any>();
    const renamed = await (await postJson(base, { kind: "domain", value: "blocked.example", note: "fake signatures" }, auth)).json<any>();

    expect(again.note).toBe("spam wave");
    expect(renamed.note).toBe("fake signatures");
  });
});
