import { z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import { deleteCookie, getCookie } from "hono/cookie";
import { apiTokens } from "../../schema/tables";
import { deliverEmails } from "../email/outbox";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { notFound } from "../lib/problem";
import { tooManyRequests } from "../lib/rate-limit";
import { publicBaseUrl } from "../lib/urls";
import { line, validated } from "../lib/validation";
import { requireOrganizer, SESSION_COOKIE } from "../middleware";
import { listOrganizerCampaigns } from "../queries/organizers";
import { closeSession, createApiToken, normalizeEmail, requestLoginLink } from "../services/organizer-auth";

/** Organizer sign-in, sign-out, who am I, and API tokens, under `/api/admin`. */
export const adminSession = new Hono<AppEnv>();

const LoginRequest = z.strictObject({ email: z.string().trim().toLowerCase().max(254).email() });

/**
 * Always 202, organizer or not: the answer must not tell who organizes. Limited per address so
 * that nobody can flood an organizer's mailbox.
 */
adminSession.post("/login", validated("json", LoginRequest), async (c) => {
  const email = normalizeEmail(c.req.valid("json").email);
  const { success } = await c.env.LOGIN_LIMITER.limit({ key: email });
  if (!success) throw tooManyRequests();
  const emailId = await requestLoginLink(c.var.db, email, publicBaseUrl(c));
  if (emailId) c.executionCtx.waitUntil(deliverEmails(c.env, c.var.db, [emailId]));
  return c.json({ status: "sent", detail: "If this address belongs to an organizer, a sign-in link is on its way." }, 202);
});

adminSession.post("/logout", async (c) => {
  const secret = getCookie(c, SESSION_COOKIE);
  if (secret) await closeSession(c.var.db, secret);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, httpOnly: true, sameSite: "Strict" });
  return c.body(null, 204);
});

adminSession.use("/me", requireOrganizer);
adminSession.use("/tokens", requireOrganizer);
adminSession.use("/tokens/*", requireOrganizer);

adminSession.get("/me", async (c) => {
  const { id, email, name } = c.var.organizer;
  const memberships = await listOrganizerCampaigns(c.var.db, id);
  return c.json({
    id,
    email,
    name,
    campaigns: memberships.map(({ campaign, notifications }) => ({
      slug: campaign.slug,
      title: campaign.title,
      status: campaign.status,
      count: campaign.signatureCount,
      notifications,
    })),
  });
});

const tokenView = (row: typeof apiTokens.$inferSelect) => ({
  id: row.id,
  label: row.label,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

adminSession.get("/tokens", async (c) => {
  const rows = await c.var.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.organizerId, c.var.organizer.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt))
    .all();
  return c.json({ items: rows.map(tokenView) });
});

adminSession.post("/tokens", validated("json", z.strictObject({ label: line(100).min(1) })), async (c) => {
  const created = await createApiToken(c.var.db, c.var.organizer.id, c.req.valid("json").label);
  return c.json({ id: created.id, label: created.label, createdAt: created.createdAt.toISOString(), token: created.token }, 201);
});

adminSession.delete("/tokens/:id{[0-9]+}", async (c) => {
  const [revoked] = await c.var.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, Number(c.req.param("id"))), eq(apiTokens.organizerId, c.var.organizer.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (!revoked) throw notFound("Token");
  return c.body(null, 204);
});
