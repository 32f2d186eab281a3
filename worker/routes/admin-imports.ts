import { ImportRequest, ImportResultSchema, jsonResponse, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer } from "../middleware";
import { importCsv } from "../services/csv-import";

/**
 * CSV import under `/api/admin/campaigns/:slug/imports`: `commit: false` previews (every row with
 * its errors, nothing written), `commit: true` writes the rows that are fine.
 */
export const adminImports = createApi();

adminImports.use(requireOrganizer, memberCampaign);

adminImports.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "editor",
    summary: "Preview (commit: false) or import (commit: true) signatories from a CSV file",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: ImportRequest } } } },
    responses: {
      200: jsonResponse("The preview: how each column and row was read; nothing written", ImportResultSchema),
      201: jsonResponse("Imported the rows that were fine", ImportResultSchema),
      404: problemResponse("No such campaign"),
      422: problemResponse("Invalid request"),
    },
  }),
  async (c) => {
    const result = await importCsv(c.get("db"), c.get("campaign"), c.get("organizer").id, c.req.valid("json"));
    if (!result.summary.imported) return c.json(result, 200);
    c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), c.get("campaign").id));
    return c.json(result, 201);
  },
);
