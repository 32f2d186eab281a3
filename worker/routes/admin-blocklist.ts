import { and, asc, eq, sql } from "drizzle-orm";
import { BlockCreate, BlocklistEntrySchema, BlocklistSchema, jsonResponse, NumericIdParams, problemResponse, SlugParams } from "../../contract";
import { blocklist, type BlocklistEntry } from "../../schema/tables";
import { organizerRoute } from "../lib/openapi";
import { notFound } from "../lib/problem";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { audit } from "../queries/organizers";

/**
 * Addresses and domains a campaign refuses, under `/api/admin/campaigns/:slug/blocklist`. A
 * blocked sign-on gets the usual 202 and nothing is stored, so blocking tells the sender nothing.
 */
export const adminBlocklist = createApi();

adminBlocklist.use(requireOrganizer, memberCampaign);

const entryView = (entry: BlocklistEntry) => ({
  id: entry.id,
  kind: entry.kind,
  value: entry.value,
  note: entry.note,
  createdAt: entry.createdAt.toISOString(),
});

const noCampaign = problemResponse("No such campaign");

adminBlocklist.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "reviewer",
    summary: "The addresses and domains this campaign refuses",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The blocklist", BlocklistSchema), 404: noCampaign },
  }),
  async (c) => {
    const rows = await c.get("db").select().from(blocklist).where(eq(blocklist.campaignId, c.get("campaign").id)).orderBy(asc(blocklist.value)).all();
    return c.json({ items: rows.map(entryView) }, 200);
  },
);

adminBlocklist.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "reviewer",
    summary: "Block an address or a domain; blocking again with a note replaces the note",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: BlockCreate } } } },
    responses: { 201: jsonResponse("Blocked", BlocklistEntrySchema), 404: noCampaign, 422: problemResponse("Not an address or a domain") },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const db = c.get("db");
    const [[entry]] = await db.batch([
      db
        .insert(blocklist)
        .values({ ...input, campaignId: c.get("campaign").id })
        // Without a note, the old one stays.
        .onConflictDoUpdate({ target: [blocklist.campaignId, blocklist.kind, blocklist.value], set: { note: sql`coalesce(excluded.note, ${blocklist.note})` } })
        .returning(),
      audit(db, { organizerId: c.get("organizer").id, campaignId: c.get("campaign").id, entity: "blocklist", entityId: `${input.kind}:${input.value}`, action: "create", after: input }),
    ]);
    return c.json(entryView(entry), 201);
  },
);

adminBlocklist.openapi(
  organizerRoute({
    method: "delete",
    path: "/{id}",
    minimumRole: "reviewer",
    summary: "Unblock",
    request: { params: NumericIdParams },
    responses: { 204: { description: "Unblocked" }, 404: problemResponse("No such campaign or entry") },
  }),
  async (c) => {
    const db = c.get("db");
    const entry = await db
      .select()
      .from(blocklist)
      .where(and(eq(blocklist.id, c.req.valid("param").id), eq(blocklist.campaignId, c.get("campaign").id)))
      .get();
    if (!entry) throw notFound("Blocklist entry");
    await db.batch([
      db.delete(blocklist).where(eq(blocklist.id, entry.id)),
      audit(db, { organizerId: c.get("organizer").id, campaignId: c.get("campaign").id, entity: "blocklist", entityId: `${entry.kind}:${entry.value}`, action: "delete", before: entryView(entry) }),
    ]);
    return c.body(null, 204);
  },
);
