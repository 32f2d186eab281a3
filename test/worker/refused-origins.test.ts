import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { refusedOrigins } from "../../schema/embeds";
import { adminGet, adminSend, seedOrganizer } from "../support/organizers";
import { call, db, postJson, seedCampaign, signOnBody } from "../support/worker";

const fromSite = (path: string, origin: string) => call(path, { headers: { Origin: origin } });

describe("a page on a site the campaign does not allow", () => {
  it("reads a refusal it can show, and organizers see the site", async () => {
    const campaign = await seedCampaign({ allowedOrigins: ["https://partner.example"] });
    const { auth } = await seedOrganizer(campaign);

    const refused = await fromSite(`/api/campaigns/${campaign.slug}?lang=es`, "https://blog.elsewhere.example");
    const list = await fromSite(`/api/campaigns/${campaign.slug}/signatures`, "https://blog.elsewhere.example");
    const signOn = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), { Origin: "https://blog.elsewhere.example" });
    const own = await fromSite(`/api/campaigns/${campaign.slug}`, "https://undersigned.test");
    const embedding = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/embedding`, auth)).json<any>();

    expect(refused.status).toBe(403);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBe("https://blog.elsewhere.example");
    expect((await refused.json<{ type: string }>()).type).toBe("https://undersigned.dev/problems/origin-not-allowed");
    expect(list.status).toBe(403);
    expect(signOn.status).toBe(403);
    // The hosted page and the demo are the worker's own.
    expect(own.status).toBe(200);
    expect(embedding).toEqual({
      pageUrl: `https://undersigned.test/c/${campaign.slug}`,
      snippet: `<script type="module" src="https://undersigned.test/widget.js"></script>\n<undersigned-campaign campaign="${campaign.slug}"></undersigned-campaign>`,
      refusedOrigins: [{ origin: "https://blog.elsewhere.example", firstSeenAt: expect.any(String), lastSeenAt: expect.any(String) }],
    });
  });

  it("costs D1 a write per site every few minutes at most, and leaves the list once allowed", async () => {
    const campaign = await seedCampaign({ allowedOrigins: [] });
    const { auth } = await seedOrganizer(campaign);
    const origin = "https://busy-partner.example";

    await fromSite(`/api/campaigns/${campaign.slug}`, origin);
    const [first] = await db.select().from(refusedOrigins).where(eq(refusedOrigins.campaignId, campaign.id)).all();
    for (let i = 0; i < 5; i++) await fromSite(`/api/campaigns/${campaign.slug}`, origin);
    const rows = await db.select().from(refusedOrigins).where(eq(refusedOrigins.campaignId, campaign.id)).all();

    expect(rows).toEqual([first]);
    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { allowedOrigins: [origin] }, auth);
    expect((await fromSite(`/api/campaigns/${campaign.slug}`, origin)).status).toBe(200);
    expect((await (await adminGet(`/api/admin/campaigns/${campaign.slug}/embedding`, auth)).json<any>()).refusedOrigins).toEqual([]);
  });

  it("keeps only web origins, and a bounded number per campaign", async () => {
    const campaign = await seedCampaign({ allowedOrigins: [] });

    await fromSite(`/api/campaigns/${campaign.slug}`, "null");
    for (let i = 0; i < 55; i++) await fromSite(`/api/campaigns/${campaign.slug}`, `https://made-up-${i}.example`);
    const rows = await db.select().from(refusedOrigins).where(eq(refusedOrigins.campaignId, campaign.id)).all();

    expect(rows).toHaveLength(50);
    expect(rows.map((row) => row.origin)).not.toContain("null");
  });
});
