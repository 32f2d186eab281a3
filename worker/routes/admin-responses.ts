import { AdminResponseListSchema, AdminResponseSchema, jsonResponse, NumericIdParams, problemResponse, ResponseCreate, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { adminResponseView, deleteResponse, listResponses, recordResponse } from "../services/responses";

/** What the addressees answered, under `/api/admin/campaigns/:slug/responses`. */
export const adminResponses = createApi();

adminResponses.use(requireOrganizer, memberCampaign);

adminResponses.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    summary: "The responses recorded, oldest first",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Responses", AdminResponseListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: (await listResponses(c.get("db"), c.get("campaign").id)).map(adminResponseView) }, 200),
);

adminResponses.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "editor",
    summary: "Record a response: from whom, when, a summary in each language, a link",
    description: "Shown under the letter on the hosted page and in the widget, in the reader's language where there is a summary in it.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: ResponseCreate } } } },
    responses: {
      201: jsonResponse("Recorded", AdminResponseSchema),
      404: problemResponse("No such campaign"),
      409: problemResponse("The letter is not delivered yet"),
      422: problemResponse("Invalid fields; `errors` names each"),
    },
  }),
  async (c) => c.json(adminResponseView(await recordResponse(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("json"))), 201),
);

adminResponses.openapi(
  organizerRoute({
    method: "delete",
    path: "/{id}",
    minimumRole: "editor",
    summary: "Delete a response",
    request: { params: NumericIdParams },
    responses: { 204: { description: "Deleted" }, 404: problemResponse("No such campaign or response") },
  }),
  async (c) => {
    await deleteResponse(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
