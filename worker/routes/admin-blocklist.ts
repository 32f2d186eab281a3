import { z } from "@hono/zod-openapi";
import { and, asc, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { blocklist, type BlocklistEntry } from "../../schema/tables";
import { BlockCreate } from "../admin-schemas";
import type { AppEnv } from "../env";
import { notFound } from "../lib/problem";
import { validated } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { audit } from "../queries/organizers";

/**
 * Addresses and domains a campaign refuses, under `/api/admin/campaigns/:slug/blocklist`. A
 * blocked sign-on gets the usual 202 and nothing is stored, so blocking tells the sender nothing.
 */
export const adminBlocklist = new Hono<AppEnv>();

adminBlocklist.use(requireOrganizer, memberCampaign);

const entryView = (entry: BlocklistEntry) => ({
  id: entry.id,
  kind: entry.kind,
  value: entry.value,
  note: entry.note,
  createdAt: entry.createdAt.toISOString(),
});

adminBlocklist.get("/", async (c) => {
  const rows = await c.var.db.select().from(blocklist).where(eq(blocklist.campaignId, c.var.campaign.id)).orderBy(asc(blocklist.value)).all();
  return c.json({ items: rows.map(entryView) });
});

adminBlocklist.post("/", validated("json", BlockCreate), async (c) => {
  const input = c.req.valid("json");
  const db = c.var.db;
  const [[entry]] = await db.batch([
    db
      .insert(blocklist)
      .values({ ...input, campaignId: c.var.campaign.id })
      // Blocking again with a new note replaces the old one; without a note, the old one stays.
      .onConflictDoUpdate({ target: [blocklist.campaignId, blocklist.kind, blocklist.value], set: { note: sql`coalesce(excluded.note, ${blocklist.note})` } })
      .returning(),
    audit(db, { organizerId: c.var.organizer.id, campaignId: c.var.campaign.id, entity: "blocklist", entityId: `${input.kind}:${input.value}`, action: "create", after: input }),
  ]);
  return c.json(entryView(entry), 201);
});

adminBlocklist.delete("/:id", validated("param", z.object({ slug: z.string(), id: z.coerce.number().int().positive() })), async (c) => {
  const db = c.var.db;
  const entry = await db
    .select()
    .from(blocklist)
    .where(and(eq(blocklist.id, c.req.valid("param").id), eq(blocklist.campaignId, c.var.campaign.id)))
    .get();
  if (!entry) throw notFound("Blocklist entry");
  await db.batch([
    db.delete(blocklist).where(eq(blocklist.id, entry.id)),
    audit(db, { organizerId: c.var.organizer.id, campaignId: c.var.campaign.id, entity: "blocklist", entityId: `${entry.kind}:${entry.value}`, action: "delete", before: entryView(entry) }),
  ]);
  return c.body(null, 204);
});
