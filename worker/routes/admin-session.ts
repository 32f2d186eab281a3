import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import { deleteCookie, getCookie } from "hono/cookie";
import {
  ApiTokenCreatedSchema,
  ApiTokenListSchema,
  jsonResponse,
  LoginAcceptedSchema,
  LoginRequest,
  MeSchema,
  problemResponse,
  TokenCreate,
} from "../../contract";
import { apiTokens } from "../../schema/tables";
import { deliverEmails } from "../email/outbox";
import { organizerRoute } from "../lib/openapi";
import { notFound } from "../lib/problem";
import { clientAddress, tooManyRequests } from "../lib/rate-limit";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { requireOrganizer, SESSION_COOKIE } from "../middleware";
import { listOrganizerCampaigns } from "../queries/organizers";
import { closeSession, createApiToken, normalizeEmail, requestLoginLink } from "../services/organizer-auth";

/** Organizer sign-in, sign-out, who am I, and API tokens, under `/api/admin`. */
export const adminSession = createApi();

/**
 * Always 202, organizer or not: the answer must not tell who organizes. Limited per address and
 * client (429), and sign-in emails per address are capped quietly, so that nobody can flood an
 * organizer's mailbox.
 */
adminSession.openapi(
  createRoute({
    method: "post",
    path: "/login",
    tags: ["Organizers"],
    summary: "Ask for a sign-in link by email",
    request: { body: { required: true, content: { "application/json": { schema: LoginRequest } } } },
    responses: {
      202: jsonResponse("Sent, if the address belongs to an organizer (the answer is the same either way)", LoginAcceptedSchema),
      422: problemResponse("Not an email address"),
      429: problemResponse("Too many sign-in requests; see Retry-After"),
    },
  }),
  async (c) => {
  const email = normalizeEmail(c.req.valid("json").email);
  // Keyed on the address and the client: a stranger spending an organizer's budget would lock
  // them out of their own console. Their mailbox is spared by the cap on sign-in emails instead.
  const { success } = await c.env.LOGIN_LIMITER.limit({ key: `${email}:${clientAddress(c)}` });
  if (!success) throw tooManyRequests();
  const emailId = await requestLoginLink(c.get("db"), email, publicBaseUrl(c));
  if (emailId) c.executionCtx.waitUntil(deliverEmails(c.env, c.get("db"), [emailId]));
  return c.json({ status: "sent" as const, detail: "If this address belongs to an organizer, a sign-in link is on its way." }, 202);
  },
);

adminSession.openapi(
  createRoute({ method: "post", path: "/logout", tags: ["Organizers"], summary: "End the console's session", responses: { 204: { description: "Signed out" } } }),
  async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await closeSession(c.get("db"), secret);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, httpOnly: true, sameSite: "Strict" });
    return c.body(null, 204);
  },
);

adminSession.use("/me", requireOrganizer);
adminSession.use("/tokens", requireOrganizer);
adminSession.use("/tokens/*", requireOrganizer);

adminSession.openapi(organizerRoute({ method: "get", path: "/me", summary: "Who is signed in, and their campaigns with their role on each", responses: { 200: jsonResponse("The organizer", MeSchema) } }), async (c) => {
  const { id, email, name } = c.get("organizer");
  const memberships = await listOrganizerCampaigns(c.get("db"), id);
  return c.json({
    id,
    email,
    name,
    campaigns: memberships.map(({ campaign, notifications, role }) => ({
      slug: campaign.slug,
      title: campaign.title,
      status: campaign.status,
      count: campaign.signatureCount,
      notifications,
      role,
    })),
  }, 200);
});

const tokenView = (row: typeof apiTokens.$inferSelect) => ({
  id: row.id,
  label: row.label,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

adminSession.openapi(organizerRoute({ method: "get", path: "/tokens", summary: "This organizer's API tokens (never the secrets)", responses: { 200: jsonResponse("Tokens", ApiTokenListSchema) } }), async (c) => {
  const rows = await c.get("db")
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.organizerId, c.get("organizer").id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))
    .all();
  return c.json({ items: rows.map(tokenView) }, 200);
});

adminSession.openapi(
  organizerRoute({
    method: "post",
    path: "/tokens",
    summary: "Create an API token; its secret is shown once",
    request: { body: { required: true, content: { "application/json": { schema: TokenCreate } } } },
    responses: { 201: jsonResponse("Created, with its secret", ApiTokenCreatedSchema), 422: problemResponse("No label") },
  }),
  async (c) => {
    const created = await createApiToken(c.get("db"), c.get("organizer").id, c.req.valid("json").label);
    return c.json({ id: created.id, label: created.label, createdAt: created.createdAt.toISOString(), token: created.token }, 201);
  },
);

adminSession.openapi(
  organizerRoute({
    method: "delete",
    path: "/tokens/{id}",
    summary: "Revoke an API token",
    request: { params: z.object({ id: z.string().regex(/^[0-9]+$/).openapi({ param: { name: "id", in: "path" } }) }) },
    responses: { 204: { description: "Revoked" }, 404: problemResponse("No such token of this organizer") },
  }),
  async (c) => {
    const [revoked] = await c.get("db")
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, Number(c.req.valid("param").id)), eq(apiTokens.organizerId, c.get("organizer").id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!revoked) throw notFound("Token");
    return c.body(null, 204);
  },
);
