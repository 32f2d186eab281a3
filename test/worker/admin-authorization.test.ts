import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, campaigns, signatures } from "../../schema/tables";
import { createApiToken } from "../../worker/services/organizer-auth";
import { call, db, HEAVY_TEST_TIMEOUT_MS, seedCampaign } from "../support/worker";
import { seedOrganizer, seedSession, seedSignature } from "../support/organizers";

/** Every organizer route, with a body that would be valid, so that only credentials decide. */
function routes(slug: string, signatureId: string) {
  const base = `/api/admin/campaigns/${slug}`;
  const campaignRoutes: Array<[string, string, unknown?]> = [
    ["GET", base],
    ["PATCH", base, { title: "Renamed" }],
    ["PUT", `${base}/notifications`, { notifications: "none" }],
    ["GET", `${base}/dashboard`],
    ["GET", `${base}/partners`],
    ["GET", `${base}/emails`],
    ["GET", `${base}/audit`],
    ["GET", `${base}/signatures`],
    ["GET", `${base}/signatures/${signatureId}`],
    ["PATCH", `${base}/signatures/${signatureId}`, { city: "Oaxaca" }],
    ["POST", `${base}/signatures/${signatureId}/approve`, {}],
    ["POST", `${base}/signatures/${signatureId}/reject`, {}],
    ["POST", `${base}/signatures/${signatureId}/merge`, { into: signatureId }],
    ["POST", `${base}/signatures/${signatureId}/keep-both`, {}],
    ["PUT", `${base}/signatures/${signatureId}/authenticity`, { granted: true }],
    ["POST", `${base}/bulk-rejections`, { domain: "nobody.example" }],
    ["POST", `${base}/signatures/${signatureId}/correction/approve`, {}],
    ["POST", `${base}/signatures/${signatureId}/correction/reject`, {}],
    ["GET", `${base}/coalition`],
    ["POST", `${base}/coalition/invitations`, {}],
    ["GET", `${base}/coalition/contacts?format=json`],
    ["DELETE", `${base}/coalition/contacts/none`],
    ["GET", `${base}/blocklist`],
    ["POST", `${base}/blocklist`, { kind: "domain", value: "spam.example" }],
    ["DELETE", `${base}/blocklist/1`],
    ["POST", `${base}/imports`, { csv: "Organization\nX\n" }],
    ...["csv", "json", "txt", "md", "pdf"].map((format): [string, string] => ["GET", `${base}/export?format=${format}`]),
  ];
  /**
   * `spareTokenId`: a token of the organizer's other than the one it calls with, which a member may
   * revoke and go on calling, whichever test runs first and has the first token.
   */
  const organizerRoutes = (spareTokenId: number): Array<[string, string, unknown?]> => [
    ["GET", "/api/admin/me"],
    ["GET", "/api/admin/tokens"],
    ["POST", "/api/admin/tokens", { label: "x" }],
    ["DELETE", `/api/admin/tokens/${spareTokenId}`],
    ["GET", "/api/admin/campaigns"],
    ["POST", "/api/admin/campaigns", { slug: `new-${slug}`, title: "New" }],
  ];
  return { campaignRoutes, organizerRoutes };
}

const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  call(path, {
    method,
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

// Each test calls every organizer route, exports included, once per credential.
describe("organizer routes: authorization matrix", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("answer 401 without credentials, with a revoked token, an unknown token or an expired session", async () => {
    const campaign = await seedCampaign();
    const signature = await seedSignature(campaign);
    const member = await seedOrganizer(campaign);
    const revoked = await seedOrganizer(campaign);
    await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.organizerId, revoked.organizer.id));
    const expired = await seedSession(member.organizer, new Date(Date.now() - 1000));
    const spare = await createApiToken(db, member.organizer.id, "spare");
    const { campaignRoutes, organizerRoutes } = routes(campaign.slug, signature.id);

    const credentials: Record<string, Record<string, string>> = {
      none: {},
      revoked: revoked.auth,
      unknown: { Authorization: `Bearer ${"A".repeat(43)}` },
      malformed: { Authorization: "Basic dXNlcjpwYXNz" },
      expired,
    };
    for (const [method, path, body] of [...campaignRoutes, ...organizerRoutes(spare.id)]) {
      for (const [label, headers] of Object.entries(credentials)) {
        const response = await send(method, path, body, headers);
        expect(response.status, `${label}: ${method} ${path}`).toBe(401);
        expect(response.headers.get("Content-Type"), `${label}: ${method} ${path}`).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it("answer 403 to an organizer of another campaign, by token and by session, and change nothing", async () => {
    const campaign = await seedCampaign();
    const signature = await seedSignature(campaign, { status: "held" });
    const stranger = await seedOrganizer(await seedCampaign());
    const strangerSession = await seedSession(stranger.organizer);
    const { campaignRoutes } = routes(campaign.slug, signature.id);

    for (const [method, path, body] of campaignRoutes) {
      for (const headers of [stranger.auth, strangerSession]) {
        const response = await send(method, path, body, headers);
        expect(response.status, `${method} ${path}`).toBe(403);
      }
    }
    const stored = await db.select().from(signatures).where(eq(signatures.id, signature.id)).get();
    const stillCampaign = await db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get();
    expect(stored).toMatchObject({ status: "held", city: "Tijuana" });
    expect(stillCampaign).toMatchObject({ title: "Letter to the Leaders", version: 1 });
  });

  it("let a member through on every route (the control for the two above)", async () => {
    const campaign = await seedCampaign();
    const signature = await seedSignature(campaign, { status: "held" });
    const member = await seedOrganizer(campaign);
    const spare = await createApiToken(db, member.organizer.id, "spare");
    const { campaignRoutes, organizerRoutes } = routes(campaign.slug, signature.id);

    for (const [method, path, body] of [...campaignRoutes, ...organizerRoutes(spare.id)]) {
      const response = await send(method, path, body, member.auth);
      expect([401, 403], `${method} ${path} → ${response.status}`).not.toContain(response.status);
    }
  });

  it("answer 404 for a campaign that does not exist", async () => {
    const member = await seedOrganizer();
    const response = await call("/api/admin/campaigns/no-such-campaign/dashboard", { headers: member.auth });
    expect(response.status).toBe(404);
  });
});
