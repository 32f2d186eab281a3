import { jsonResponse, problemResponse, SlugParams, UpdateCreate, UpdateListSchema, UpdatePreviewSchema, UpdateSchema } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { advanceUpdates, createUpdate, listUpdates, previewUpdate, updateView } from "../services/updates";

/** Updates to the signatories, under `/api/admin/campaigns/:slug/updates`. */
export const adminUpdates = createApi();

adminUpdates.use(requireOrganizer, memberCampaign);

/** Steps the request itself takes before the cron goes on: a small update is out before the answer is read. */
const FIRST_STEPS = 10;

adminUpdates.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    summary: "Updates sent or sending, newest first, with their progress",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Updates", UpdateListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: (await listUpdates(c.get("db"), c.get("campaign").id)).map(updateView) }, 200),
);

adminUpdates.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "editor",
    summary: "Send an update to every signatory whose contact is kept (dryRun: count and preview)",
    description:
      "One email per published signatory with a kept address who did not unsubscribe, in their language where the update has it (else the campaign's), each with a one-click unsubscribe (List-Unsubscribe, RFC 8058). Sending is queued: 100 emails per Resend request, 5 requests a second; `queued` shows progress.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: UpdateCreate } } } },
    responses: {
      200: jsonResponse("dryRun: the recipients and a preview in each language", UpdatePreviewSchema),
      202: jsonResponse("Queued", UpdateSchema),
      404: problemResponse("No such campaign"),
      422: problemResponse("Invalid fields; `errors` names each"),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    if (input.dryRun) return c.json(await previewUpdate(c.get("db"), c.get("campaign"), input, publicBaseUrl(c)), 200);
    const update = await createUpdate(c.get("db"), c.get("organizer").id, c.get("campaign"), input, publicBaseUrl(c));
    c.executionCtx.waitUntil(advanceUpdates(c.env, c.get("db"), FIRST_STEPS));
    return c.json(updateView(update), 202);
  },
);
