import { describe, expect, it } from "vitest";
import { ORGANIZER_ROLES, roleAllows, type OrganizerRole } from "../../contract";
import { app } from "../../worker/index";
import { call, seedCampaign } from "../support/worker";
import { bodyFor, pathFor, seedAccessFixture } from "../support/access-fixture";
import { seedSignature } from "../support/organizers";

/** `organizer`: anyone signed in; a role: the least role on the campaign in the path. */
type Access = "public" | "signer link" | "sign-in" | "organizer" | OrganizerRole | "development only" | "signed webhook";

/**
 * Who may call each route the worker registers. A route missing here fails the first test, so a
 * new route cannot ship without a decision about who may use it; the second test checks that
 * decision against the running app, without credentials, and the authorization matrix below
 * walks every organizer route with every role.
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
  "GET /admin/invitations/:token": "signer link",
  "POST /admin/invitations/:token": "signer link",
  "POST /api/admin/logout": "sign-in",
  "GET /api/admin/me": "organizer",
  "GET /api/admin/tokens": "organizer",
  "POST /api/admin/tokens": "organizer",
  "DELETE /api/admin/tokens/:id": "organizer",
  "GET /api/admin/campaigns": "organizer",
  "POST /api/admin/campaigns": "organizer",
  "GET /api/admin/campaigns/:slug": "viewer",
  "PATCH /api/admin/campaigns/:slug": "editor",
  "PUT /api/admin/campaigns/:slug/notifications": "viewer",
  "GET /api/admin/campaigns/:slug/dashboard": "viewer",
  "GET /api/admin/campaigns/:slug/emails": "reviewer",
  "GET /api/admin/campaigns/:slug/audit": "reviewer",
  "GET /api/admin/campaigns/:slug/signatures": "reviewer",
  "GET /api/admin/campaigns/:slug/signatures/:id": "reviewer",
  "PATCH /api/admin/campaigns/:slug/signatures/:id": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/approve": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/reject": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/merge": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/keep-both": "reviewer",
  "PUT /api/admin/campaigns/:slug/signatures/:id/authenticity": "editor",
  "GET /sitemap.xml": "public",
  "GET /robots.txt": "public",
  "POST /api/admin/campaigns/:slug/bulk-rejections": "reviewer",
  "POST /api/admin/campaigns/:slug/bulk-rejections/:id/undo": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/correction/approve": "reviewer",
  "POST /api/admin/campaigns/:slug/signatures/:id/correction/reject": "reviewer",
  "GET /api/admin/campaigns/:slug/coalition": "editor",
  "POST /api/admin/campaigns/:slug/coalition/invitations": "editor",
  "GET /api/admin/campaigns/:slug/coalition/contacts": "owner",
  "DELETE /api/admin/campaigns/:slug/coalition/contacts/:id": "owner",
  "GET /api/admin/campaigns/:slug/blocklist": "reviewer",
  "POST /api/admin/campaigns/:slug/blocklist": "reviewer",
  "DELETE /api/admin/campaigns/:slug/blocklist/:id": "reviewer",
  "POST /api/admin/campaigns/:slug/imports": "editor",
  "GET /api/admin/campaigns/:slug/export": "viewer",
  "GET /api/admin/campaigns/:slug/members": "owner",
  "PATCH /api/admin/campaigns/:slug/members/:organizerId": "owner",
  "DELETE /api/admin/campaigns/:slug/members/:organizerId": "owner",
  "GET /api/admin/campaigns/:slug/invitations": "owner",
  "POST /api/admin/campaigns/:slug/invitations": "owner",
  "DELETE /api/admin/campaigns/:slug/invitations/:id": "owner",
  "GET /api/admin/campaigns/:slug/webhooks": "owner",
  "POST /api/admin/campaigns/:slug/webhooks": "owner",
  "DELETE /api/admin/campaigns/:slug/webhooks/:id": "owner",
  "POST /api/admin/campaigns/:slug/webhooks/:id/test": "owner",
  "GET /api/admin/campaigns/:slug/webhooks/:id/deliveries": "owner",
  "POST /api/admin/campaigns/:slug/webhooks/:id/deliveries/:deliveryId/replay": "owner",
  "POST /api/admin/letter-preview": "organizer",
  "POST /api/admin/campaigns/:slug/delivery": "editor",
  "GET /api/admin/campaigns/:slug/delivery": "viewer",
  "GET /api/admin/campaigns/:slug/embedding": "viewer",
  "GET /api/admin/campaigns/:slug/partners": "viewer",
  "GET /api/admin/campaigns/:slug/responses": "viewer",
  "POST /api/admin/campaigns/:slug/responses": "editor",
  "DELETE /api/admin/campaigns/:slug/responses/:id": "editor",
  "GET /api/admin/campaigns/:slug/updates": "viewer",
  "POST /api/admin/campaigns/:slug/updates": "editor",
  "GET /c/:slug/delivery": "public",
  "GET /c/:slug/delivery.txt": "public",
  "GET /unsubscribe/:token": "signer link",
  "POST /unsubscribe/:token": "signer link",
  "GET /manage/:token": "signer link",
  "POST /manage/:token": "signer link",
  "POST /manage/:token/withdraw": "signer link",
  "GET /coalition/unsubscribe/:token": "signer link",
  "POST /coalition/unsubscribe/:token": "signer link",
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
        case "viewer":
        case "reviewer":
        case "editor":
        case "owner":
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

const isRole = (access: Access): access is OrganizerRole => (ORGANIZER_ROLES as readonly string[]).includes(access);

describe("authorization matrix: every organizer route, every role, another campaign's organizer, no credentials", () => {
  const organizerRoutes = Object.entries(ACCESS).filter(([, access]) => access === "organizer" || isRole(access));

  it("states a role for every route of a campaign", () => {
    for (const [route, access] of organizerRoutes) {
      if (route.includes("/campaigns/:slug")) expect(isRole(access), `${route} states a role, not just "${access}"`).toBe(true);
    }
  });

  for (const [route, access] of organizerRoutes) {
    const [method, pattern] = route.split(" ");
    it(`${route}: ${access}`, async () => {
      const fixture = await seedAccessFixture();
      const { stranger, ...members } = fixture.callers;
      const send = (headers: Record<string, string>) => {
        const body = bodyFor(route, fixture);
        return call(pathFor(pattern, fixture), {
          method,
          headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      };
      const answers: Record<string, number> = {};
      const expected: Record<string, "401" | "403" | "allowed"> = {};
      // From the least powerful caller to the most, so that what one is allowed to change happens last.
      answers.none = (await send({})).status;
      expected.none = "401";
      answers.stranger = (await send(stranger.auth)).status;
      expected.stranger = isRole(access) ? "403" : "allowed";
      for (const role of ORGANIZER_ROLES) {
        answers[role] = (await send(members[role].auth)).status;
        expected[role] = !isRole(access) || roleAllows(role, access) ? "allowed" : "403";
      }
      const seen = Object.fromEntries(
        Object.entries(answers).map(([caller, status]) => [caller, status === 401 || status === 403 ? String(status) : status < 500 ? "allowed" : `failed ${status}`]),
      );
      expect(seen, JSON.stringify(answers)).toEqual(expected);
    });
  }
});

