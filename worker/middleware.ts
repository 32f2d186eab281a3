import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { roleAllows, SLUG_PATTERN, type OrganizerRole } from "../contract";
import type { AppEnv } from "./env";
import { countingD1, countsD1 } from "./lib/d1-stats";
import { campaignNotFound, notFound, Problem } from "./lib/problem";
import { refuseCrossSiteWrite } from "./lib/same-origin";
import { findCampaignBySlug, rememberedCampaign } from "./queries/campaigns";
import { findMembership, touchApiToken } from "./queries/organizers";
import { organizerForApiToken, organizerForSession } from "./services/organizer-auth";

/** Reads anyone may make: they can be answered by a D1 read replica near the reader. */
const isPublicRead = (method: string, path: string) => (method === "GET" || method === "HEAD") && /^\/(api\/campaigns|c)\//.test(path);

export const database = createMiddleware<AppEnv>(async (c, next) => {
  // Under the bench (D1_STATS=on) every statement's meta is summed for GET /dev/stats.
  const binding = countsD1(c.env) ? countingD1(c.env.DB) : c.env.DB;
  // A Sessions API session lets D1 serve these from a replica, in order within the request.
  // drizzle only prepares and batches, which a session does as the database does.
  const client = isPublicRead(c.req.method, c.req.path) ? (binding.withSession("first-unconstrained") as unknown as D1Database) : binding;
  c.set("db", drizzle(client));
  await next();
});


/** Loads the campaign named in the path; drafts are not public. Sign-ons may use one read a moment ago. */
export const publicCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param("slug") ?? "";
  // Mounted on "/:slug" and "/:slug/*", both of which match "/:slug": read the campaign once.
  if (c.get("campaign")?.slug === slug) return next();
  const find = c.req.method === "POST" ? rememberedCampaign : findCampaignBySlug;
  const campaign = SLUG_PATTERN.test(slug) ? await find(c.get("db"), slug) : undefined;
  if (!campaign || campaign.status === "draft") throw campaignNotFound();
  c.set("campaign", campaign);
  await next();
});

export const SESSION_COOKIE = "undersigned_session";

const unauthorized = () =>
  new Problem(401, {
    title: "Sign in first",
    detail: "Send a session cookie from /admin or an `Authorization: Bearer` API token.",
    type: "unauthorized",
    headers: { "WWW-Authenticate": 'Bearer realm="undersigned"' },
  });

/**
 * Organizer routes: finds the organizer by API token (`Authorization: Bearer`) or session cookie,
 * else 401. Cookie-authenticated writes must come from our own origin: SameSite=Strict already
 * keeps the cookie off cross-site requests, the Origin check covers older browsers.
 */
export const requireOrganizer = createMiddleware<AppEnv>(async (c, next) => {
  // Sub-apps mounted under one another each declare what they need; check only once.
  if (c.get("organizer")) return next();
  const authorization = c.req.header("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const found = match ? await organizerForApiToken(c.get("db"), match[1]) : undefined;
    if (!found) throw unauthorized();
    c.set("organizer", found.organizer);
    c.executionCtx.waitUntil(touchApiToken(c.get("db"), found.tokenId));
    return next();
  }
  const secret = getCookie(c, SESSION_COOKIE);
  const organizer = secret ? await organizerForSession(c.get("db"), secret) : undefined;
  if (!organizer) throw unauthorized();
  refuseCrossSiteWrite(c);
  c.set("organizer", organizer);
  await next();
});

/**
 * Loads the campaign named in the path for its organizers, with the organizer's role on it: 404
 * when there is no such campaign, 403 when it belongs to other organizers. Each route then asks
 * for its minimum role (`requireRole`, through `organizerRoute`).
 */
export const memberCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param("slug") ?? "";
  if (c.get("campaign")?.slug === slug) return next();
  const campaign = SLUG_PATTERN.test(slug) ? await findCampaignBySlug(c.get("db"), slug) : undefined;
  if (!campaign) throw notFound("Campaign");
  const membership = await findMembership(c.get("db"), c.get("organizer").id, campaign.id);
  if (!membership) throw new Problem(403, { title: "This campaign belongs to other organizers", type: "forbidden" });
  c.set("campaign", campaign);
  c.set("role", membership.role);
  await next();
});

/** The organizer acting on the campaign, as the review services take them (after `memberCampaign`). */
export const reviewerOf = (c: Context<AppEnv>) => ({ organizerId: c.get("organizer").id, campaign: c.get("campaign") });

/** 403 unless the organizer's role on the campaign (set by `memberCampaign`) is at least `minimum`. */
export const requireRole = (minimum: OrganizerRole) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!roleAllows(c.get("role"), minimum)) {
      throw new Problem(403, {
        title: `This needs the ${minimum} role on this campaign`,
        detail: c.get("role") ? `Your role on it is ${c.get("role")}; an owner can change it.` : undefined,
        type: "forbidden",
      });
    }
    await next();
  });

/** Organizers' answers hold contact data: no cache keeps them. */
export const privateAnswers = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
});
