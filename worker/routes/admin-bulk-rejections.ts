import { BulkReject, BulkRejectionParams, BulkRejectionUndoneSchema, BulkRejectResultSchema, jsonResponse, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer, reviewerOf } from "../middleware";
import { bulkReject, countBulkRejection, undoBulkRejection } from "../services/review";

/**
 * Rejecting many signatures at once, and undoing it, under `/api/admin/campaigns/:slug/bulk-rejections`.
 * Not under `…/signatures/`: a fixed name beside `…/signatures/:id` would keep Hono's RegExpRouter
 * from taking the app's routes, and its fallback, the TrieRouter, costs every request far more.
 */
export const adminBulkRejections = createApi();

adminBulkRejections.use(requireOrganizer, memberCampaign);

adminBulkRejections.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: "/",
    summary: "Reject every live signature from a domain or a time range, for a reason (count first with dryRun); undoable for 7 days",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: BulkReject } } } },
    responses: {
      200: jsonResponse("How many it would reject (dryRun), or rejected", BulkRejectResultSchema),
      404: problemResponse("No such campaign"),
      422: problemResponse("No filter, an invalid one, or no reason"),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    if (input.dryRun) return c.json(await countBulkRejection(c.get("db"), reviewerOf(c), input), 200);
    // The schema refuses a rejection without a reason.
    const result = await bulkReject(c.get("db"), reviewerOf(c), { ...input, reason: input.reason! });
    c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), c.get("campaign").id));
    return c.json(result, 200);
  },
);

adminBulkRejections.openapi(
  organizerRoute({
    minimumRole: "reviewer",
    method: "post",
    path: "/{id}/undo",
    summary: "Undo a bulk rejection of the last 7 days: each signature it rejected returns to the status it had",
    request: { params: BulkRejectionParams },
    responses: {
      200: jsonResponse("How many returned, and the count now", BulkRejectionUndoneSchema),
      404: problemResponse("No such campaign or bulk rejection"),
      409: problemResponse("Already undone, or older than 7 days"),
    },
  }),
  async (c) => {
    const result = await undoBulkRejection(c.get("db"), reviewerOf(c), c.req.valid("param").id);
    c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), c.get("campaign").id));
    return c.json(result, 200);
  },
);
