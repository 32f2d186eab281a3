import { describe, expect, it } from "vitest";
import { call, mailbox, postJson, seedCampaign, signOnBody, verifyPath } from "../support/worker";

describe("security headers", () => {
  it("give every HTML page a strict CSP that forbids framing and scripts", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    const [email] = await mailbox(body.email);

    for (const path of [verifyPath(email), "/dev/mailbox", `/verify/${"x".repeat(43)}`]) {
      const response = await call(path);
      const csp = response.headers.get("Content-Security-Policy")!;
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).not.toMatch(/script-src/);
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
  });

  it("keep verification tokens out of Referer headers", async () => {
    const response = await call(`/verify/${"x".repeat(43)}`);
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
  });

  it("answer a person's browser with a page, and an API client with problem details", async () => {
    const page = await call("/no-such-page", { headers: { Accept: "text/html,application/xhtml+xml" } });
    const api = await call("/api/no-such-thing", { headers: { Accept: "text/html" } });

    expect(page.status).toBe(404);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<h1>Not found</h1>");
    expect(api.status).toBe(404);
    expect(api.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  });
});
