import { describe, expect, it } from "vitest";
import { RATE_LIMIT_TEST_TIMEOUT_MS, withinOneRateLimitWindow } from "../support/rate-limit-window";
import { call, postJson, seedCampaign, signOnBody } from "../support/worker";

describe("rate limits", () => {
  it("answers 429 with Retry-After once a client has used its sign-ons for a campaign", async () => {
    const campaign = await seedCampaign();
    const other = await seedCampaign();
    const client = { "CF-Connecting-IP": "203.0.113.7" };
    await withinOneRateLimitWindow(15_000);

    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), client)).status);
    }
    // The eleventh: the README promises 10 a minute, not 11.
    const limited = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), client);
    const elsewhere = await postJson(`/api/campaigns/${other.slug}/signatures`, signOnBody(), client);
    const anotherClient = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), { "CF-Connecting-IP": "203.0.113.8" });

    expect(statuses).toEqual(Array(10).fill(202));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(await limited.json()).toMatchObject({ status: 429, type: expect.stringMatching(/rate-limited$/), retryAfter: 60 });
    expect(elsewhere.status).toBe(202);
    expect(anotherClient.status).toBe(202);
  }, RATE_LIMIT_TEST_TIMEOUT_MS);

  it("limits how fast one client can try verification links", async () => {
    const client = { "CF-Connecting-IP": "203.0.113.9" };
    await withinOneRateLimitWindow(15_000);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call(`/verify/${"x".repeat(43)}`, { headers: client })).status);

    expect(statuses.slice(0, 30).every((status) => status === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  }, RATE_LIMIT_TEST_TIMEOUT_MS);

  it("counts an IPv6 client by its /64: a new address in the same network is the same client", async () => {
    const campaign = await seedCampaign();
    await withinOneRateLimitWindow(15_000);
    const statuses: number[] = [];
    // A different address in 2001:db8:77:1::/64 each time, as a host given a /64 can use.
    for (let i = 1; i <= 10; i++) statuses.push((await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), { "CF-Connecting-IP": `2001:db8:77:1::${i.toString(16)}` })).status);
    const sameNetwork = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), { "CF-Connecting-IP": "2001:0db8:0077:0001:ffff:ffff:ffff:ffff" });
    const nextNetwork = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody(), { "CF-Connecting-IP": "2001:db8:77:2::1" });

    expect(statuses).toEqual(Array(10).fill(202));
    expect(sameNetwork.status).toBe(429);
    expect(nextNetwork.status).toBe(202);
  }, RATE_LIMIT_TEST_TIMEOUT_MS);

  it("keeps the verification links' limit to those links: webhooks and other paths are not counted", async () => {
    const client = { "CF-Connecting-IP": "203.0.113.10" };
    const elsewhere: number[] = [];
    for (let i = 0; i < 31; i++) elsewhere.push((await call("/webhooks/resend", { method: "POST", headers: client })).status);
    for (let i = 0; i < 31; i++) elsewhere.push((await call("/no-such-page", { headers: client })).status);
    const link = await call(`/withdraw/${"x".repeat(43)}`, { headers: client });

    expect(elsewhere).not.toContain(429);
    expect(link.status).toBe(404);
  });
});
