import { describe, expect, it } from "vitest";
import { app } from "../../worker/index";
import { call, seedCampaign } from "../support/worker";
import { seedSignature } from "../support/organizers";

type Access = "public" | "signer link" | "sign-in" | "organizer" | "development only" | "signed webhook";

/**
 * Who may call each route the worker registers. A route missing here fails the first test, so a
 * new route cannot ship without a decision about who may use it; the second test checks that
 * decision against the running app, without credentials.
 */
const ACCESS: Record<string, Access> = {
  "GET /api/openapi.json": "public",
  "GET /api/campaigns/:slug": "public",
  "GET /api/campaigns/:slug/signatures": "public",
  "POST /api/campaigns/:slug/signatures": "public",
  "GET /api/campaigns/:slug/live": "public",
  "GET /c/:slug": "public",
  "GET /verify/:token": "signer link",
  "POST /verify/:token": "signer link",
  "GET /withdraw/:token": "signer link",
  "POST /withdraw/:token": "signer link",
  "GET /admin": "sign-in",
  "POST /api/admin/login": "sign-in",
  "GET /admin/login/:token": "signer link",
  "POST /admin/login/:token": "signer link",
  "POST /api/admin/logout": "sign-in",
  "GET /api/admin/me": "organizer",
  "GET /api/admin/tokens": "organizer",
  "POST /api/admin/tokens": "organizer",
  "DELETE /api/admin/tokens/:id{[0-9]+}": "organizer",
  "GET /api/admin/campaigns": "organizer",
  "POST /api/admin/campaigns": "organizer",
  "GET /api/admin/campaigns/:slug": "organizer",
  "PATCH /api/admin/campaigns/:slug": "organizer",
  "PUT /api/admin/campaigns/:slug/notifications": "organizer",
  "GET /api/admin/campaigns/:slug/dashboard": "organizer",
  "GET /api/admin/campaigns/:slug/emails": "organizer",
  "GET /api/admin/campaigns/:slug/audit": "organizer",
  "GET /api/admin/campaigns/:slug/signatures": "organizer",
  "GET /api/admin/campaigns/:slug/signatures/:id": "organizer",
  "PATCH /api/admin/campaigns/:slug/signatures/:id": "organizer",
  "POST /api/admin/campaigns/:slug/signatures/:id/approve": "organizer",
  "POST /api/admin/campaigns/:slug/signatures/:id/reject": "organizer",
  "POST /api/admin/campaigns/:slug/signatures/:id/merge": "organizer",
  "POST /api/admin/campaigns/:slug/signatures/:id/keep-both": "organizer",
  "POST /api/admin/campaigns/:slug/signatures/bulk-reject": "organizer",
  "GET /api/admin/campaigns/:slug/blocklist": "organizer",
  "POST /api/admin/campaigns/:slug/blocklist": "organizer",
  "DELETE /api/admin/campaigns/:slug/blocklist/:id": "organizer",
  "POST /api/admin/campaigns/:slug/imports": "organizer",
  "GET /api/admin/campaigns/:slug/export": "organizer",
  "GET /dev/mailbox": "development only",
  "GET /dev/mailbox.json": "development only",
  "GET /dev/stats": "development only",
  "POST /dev/stats/reset": "development only",
  "POST /webhooks/resend": "signed webhook",
};

/** Every method-and-path the app answers, as Hono registered them (middleware shows as ALL). */
function registeredRoutes(): string[] {
  return [...new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`))].sort();
}

async function concretePath(pattern: string) {
  const campaign = await seedCampaign();
  const signature = await seedSignature(campaign);
  return pattern
    .replace(":slug", campaign.slug)
    .replace(":id{[0-9]+}", "1")
    .replace(/:id\b/, signature.id)
    .replace(":token", "A".repeat(43));
}

describe("every route", () => {
  it("has a decision about who may call it", () => {
    expect(registeredRoutes()).toEqual(Object.keys(ACCESS).sort());
  });

  for (const [route, access] of Object.entries(ACCESS)) {
    const [method, pattern] = route.split(" ");
    it(`${route} is ${access}`, async () => {
      const path = await concretePath(pattern);
      const init = { method, headers: { "Content-Type": "application/json", Accept: "application/json" }, body: method === "GET" ? undefined : "{}" };
      const response = await call(path, init, access === "development only" ? { ENVIRONMENT: "production" } : { RESEND_WEBHOOK_SECRET: "whsec_c2VjcmV0" });
      switch (access) {
        case "organizer":
          expect(response.status).toBe(401);
          expect(response.headers.get("Content-Type")).toContain("application/problem+json");
          break;
        case "development only":
          expect(response.status).toBe(404);
          break;
        case "signed webhook":
          expect(response.status).toBe(401);
          break;
        case "signer link":
          // An unknown token opens nothing and acts on nothing.
          expect(response.status).toBe(404);
          break;
        case "public":
        case "sign-in":
          expect(response.status).not.toBe(401);
          expect(response.status).not.toBe(403);
          expect(response.status).toBeLessThan(500);
          break;
      }
    });
  }
});
