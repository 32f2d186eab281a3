import { describe, expect, it } from "vitest";
import { call, mailbox, postJson, seedCampaign, signOnBody } from "../support/worker";

describe("GET /dev/mailbox", () => {
  it("shows the emails newest first, as JSON and as a page", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ organization: "<b>Bold</b> Org" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, { ...body, organization: "Second Org" });

    const emails = await mailbox(body.email);
    const page = await (await call("/dev/mailbox")).text();

    expect(emails).toHaveLength(2);
    expect(Date.parse(emails[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(emails[1].createdAt));
    expect(Object.keys(emails[0])).toEqual(expect.arrayContaining(["to", "subject", "text", "html", "createdAt"]));
    expect(page).toContain("Local mailbox");
    expect(page).toContain("&lt;b&gt;Bold&lt;/b&gt; Org");
  });

  it("does not exist outside development", async () => {
    for (const path of ["/dev/mailbox", "/dev/mailbox.json"]) {
      const response = await call(path, {}, { ENVIRONMENT: "production" });
      expect(response.status).toBe(404);
    }
  });
});
