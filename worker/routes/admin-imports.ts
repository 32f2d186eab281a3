import { Hono } from "hono";
import { ImportRequest } from "../admin-schemas";
import type { AppEnv } from "../env";
import { validated } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer } from "../middleware";
import { importCsv } from "../services/csv-import";

/**
 * CSV import under `/api/admin/campaigns/:slug/imports`: `commit: false` previews (every row with
 * its errors, nothing written), `commit: true` writes the rows that are fine.
 */
export const adminImports = new Hono<AppEnv>();

adminImports.use(requireOrganizer, memberCampaign);

adminImports.post("/", validated("json", ImportRequest), async (c) => {
  const result = await importCsv(c.var.db, c.var.campaign, c.var.organizer.id, c.req.valid("json"));
  if (result.summary.imported) c.executionCtx.waitUntil(announceListChange(c.env, c.var.db, c.var.campaign.id));
  return c.json(result, result.summary.imported ? 201 : 200);
});
