import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditLog } from "../../contract";
import { bulkRejections } from "../../schema/bulk-rejections";
import { campaigns, signatures } from "../../schema/tables";
import { adminGet, seedOrganizer, seedSignature } from "../support/organizers";
import { db, postJson, seedCampaign } from "../support/worker";

const DAY = 86_400_000;

const statusesOf = async (campaignId: number) =>
  Object.fromEntries((await db.select().from(signatures).where(eq(signatures.campaignId, campaignId)).all()).map((row) => [row.name, [row.status, row.rejectedReason]]));

const countOf = async (campaignId: number) => (await db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get())!.signatureCount;

describe("a bulk rejection", () => {
  it("records its reason, and undone returns each signature to its status and the count to what it was", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Spam uno", email: "a@spam.example" });
    await seedSignature(campaign, { name: "Spam dos", email: "b@mx.spam.example" });
    await seedSignature(campaign, { name: "Spam retenido", email: "c@spam.example", status: "held", heldReason: "moderation" });
    await seedSignature(campaign, { name: "Spam pendiente", email: "d@spam.example", status: "pending" });
    await seedSignature(campaign, { name: "Spam rechazado antes", email: "e@spam.example", status: "rejected", rejectedReason: "organizer" });
    await seedSignature(campaign, { name: "Colectivo legítimo", email: "f@fine.example" });
    const before = await statusesOf(campaign.id);
    const countBefore = await countOf(campaign.id);
    const path = `/api/admin/campaigns/${campaign.slug}/bulk-rejections`;

    const withoutReason = await postJson(path, { domain: "spam.example" }, auth);
    const rejection = await (await postJson(path, { domain: "spam.example", reason: "spam wave" }, auth)).json<any>();
    const afterRejection = await statusesOf(campaign.id);
    const countAfterRejection = await countOf(campaign.id);
    const undo = await postJson(`${path}/${rejection.id}/undo`, {}, auth);
    const undone = await undo.json<any>();
    const again = await postJson(`${path}/${rejection.id}/undo`, {}, auth);
    const history = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/audit`, auth)).json<AuditLog>();

    expect(withoutReason.status).toBe(422);
    expect((await withoutReason.json<any>()).errors).toEqual([expect.objectContaining({ field: "reason", code: "required" })]);
    expect(rejection).toMatchObject({ rejected: 4 });
    expect(new Date(rejection.undoUntil).getTime() - Date.now()).toBeGreaterThan(7 * DAY - 60_000);
    expect(Object.values(afterRejection).filter(([status, reason]) => status === "rejected" && reason === "bulk")).toHaveLength(4);
    expect(countAfterRejection).toBe(countBefore - 2);
    expect(undo.status).toBe(200);
    expect(undone).toEqual({ restored: 4, count: countBefore });
    expect(await statusesOf(campaign.id)).toEqual(before);
    expect(await countOf(campaign.id)).toBe(countBefore);
    expect(again.status).toBe(409);
    expect(history.items.slice(0, 2).map((entry) => [entry.entity, entry.action, entry.before, entry.after])).toEqual([
      ["bulk-rejection", "undo", { status: "rejected" }, { restored: 4, reason: "spam wave", domain: "spam.example", from: null, to: null }],
      [
        "bulk-rejection",
        "bulk-reject",
        { status: { held: 1, pending: 1, published: 2 } },
        { status: "rejected", rejected: 4, reason: "spam wave", domain: "spam.example", from: null, to: null },
      ],
    ]);
  });

  it("cannot be undone after 7 days", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const signature = await seedSignature(campaign, { email: "a@flood.example" });
    const path = `/api/admin/campaigns/${campaign.slug}/bulk-rejections`;
    const { id } = await (await postJson(path, { domain: "flood.example", reason: "flood" }, auth)).json<any>();

    await db.update(bulkRejections).set({ createdAt: new Date(Date.now() - 7 * DAY - 1000) }).where(eq(bulkRejections.id, id));
    const late = await postJson(`${path}/${id}/undo`, {}, auth);

    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ title: "Too late to undo" });
    expect((await db.select().from(signatures).where(eq(signatures.id, signature.id)).get())!.status).toBe("rejected");
  });
});
