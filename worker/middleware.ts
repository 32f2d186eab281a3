import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import * as tables from "../schema/tables";
import type { AppEnv } from "./env";
import { notFound } from "./lib/problem";
import { findCampaignBySlug } from "./queries/campaigns";

export const database = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", drizzle(c.env.DB, { schema: tables }));
  await next();
});

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Loads the campaign named in the path; drafts are not public. */
export const publicCampaign = createMiddleware<AppEnv>(async (c, next) => {
  const slug = c.req.param("slug") ?? "";
  const campaign = SLUG.test(slug) ? await findCampaignBySlug(c.var.db, slug) : undefined;
  if (!campaign || campaign.status === "draft") throw notFound("Campaign");
  c.set("campaign", campaign);
  await next();
});
