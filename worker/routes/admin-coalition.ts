import {
  CoalitionContactParams,
  CoalitionExportQuery,
  CoalitionInviteBody,
  CoalitionInvitedSchema,
  CoalitionListSchema,
  jsonResponse,
  problemResponse,
  SlugParams,
} from "../../contract";
import { deliverEmails } from "../email/outbox";
import { organizerRoute } from "../lib/openapi";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { coalitionList, coalitionView, consentsCsv, consentsJson, consentsOf, deleteConsent, inviteCoalition } from "../services/coalition";

/**
 * The coalition's memory, under `/api/admin/campaigns/:slug/coalition`: who to invite to this
 * letter among those who agreed when signing an earlier one (editors), and the consents this
 * campaign gathered, to export or delete (owners).
 */
export const adminCoalition = createApi();

adminCoalition.use(requireOrganizer, memberCampaign);

adminCoalition.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "editor",
    summary: "Organizations to invite: they signed another campaign of the coalition, agreed to hear about its letters, and have not signed this one",
    description: "The coalition is the campaigns that share an owner with this one. An organization has signed this one when an entry of its organization key, or of its email domain (free-mail providers aside), is confirmed here.",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Contacts, most recent consent first, one per address", CoalitionListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: (await coalitionList(c.get("db"), c.get("campaign").id)).map(coalitionView) }, 200),
);

adminCoalition.openapi(
  organizerRoute({
    method: "post",
    path: "/invitations",
    minimumRole: "editor",
    summary: "Invite listed contacts to sign: one email each, in their language, with the letter's page and a one-click unsubscribe",
    description: "Contacts already invited to this campaign are passed by; at most 200 a request.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: CoalitionInviteBody } } } },
    responses: {
      200: jsonResponse("How many were invited", CoalitionInvitedSchema),
      404: problemResponse("No such campaign"),
      409: problemResponse("The letter does not take signatures"),
      422: problemResponse("Invalid body"),
    },
  }),
  async (c) => {
    const { invited, emailIds } = await inviteCoalition(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("json").ids, publicBaseUrl(c));
    c.executionCtx.waitUntil(deliverEmails(c.env, c.get("db"), emailIds));
    return c.json({ invited }, 200);
  },
);

adminCoalition.openapi(
  organizerRoute({
    method: "get",
    path: "/contacts",
    minimumRole: "owner",
    summary: "Export the coalition consents this campaign gathered, with their contacts",
    request: { params: SlugParams, query: CoalitionExportQuery },
    responses: {
      200: {
        description: "The file, as an attachment",
        content: {
          "text/csv": { schema: { type: "string" as const, description: "No cell starts a formula" } },
          "application/json": { schema: { type: "string" as const } },
        },
      },
      404: problemResponse("No such campaign"),
      422: problemResponse("Unknown format"),
    },
  }),
  async (c) => {
    const { format } = c.req.valid("query");
    const contacts = await consentsOf(c.get("db"), c.get("campaign").id);
    const headers = {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${c.get("campaign").slug}-coalition-contacts.${format}"`,
      "Cache-Control": "no-store",
    };
    return new Response(format === "csv" ? consentsCsv(contacts) : JSON.stringify(consentsJson(contacts)), { headers });
  },
);

adminCoalition.openapi(
  organizerRoute({
    method: "delete",
    path: "/contacts/{id}",
    minimumRole: "owner",
    summary: "Delete a coalition consent this campaign gathered, with its contact and the invitations' emails",
    request: { params: CoalitionContactParams },
    responses: { 204: { description: "Deleted" }, 404: problemResponse("No such campaign or consent") },
  }),
  async (c) => {
    await deleteConsent(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
