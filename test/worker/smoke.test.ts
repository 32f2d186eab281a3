import { describe, expect, it } from "vitest";
import { call, seedCampaign } from "../support/worker";

describe("smoke", () => {
  it("serves a campaign", async () => {
    const campaign = await seedCampaign();
    const response = await call(`/api/campaigns/${campaign.slug}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ slug: campaign.slug, count: 0 });
  });
});
