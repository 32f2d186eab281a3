import { InvitationCreate, InvitationListSchema, InvitationParams, InvitationSchema, jsonResponse, problemResponse, SlugParams } from "../../contract";
import { deliverEmails } from "../email/outbox";
import { organizerRoute } from "../lib/openapi";
import { tooManyRequests } from "../lib/rate-limit";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { invite, listInvitations, revokeInvitation } from "../services/team";

/** Invitations to join a campaign, under `/api/admin/campaigns/:slug/invitations`: the owners' to send. */
export const adminInvitations = createApi();

adminInvitations.use(requireOrganizer, memberCampaign);

adminInvitations.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "owner",
    summary: "Invitations waiting for an answer",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Invitations", InvitationListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: await listInvitations(c.get("db"), c.get("campaign").id) }, 200),
);

adminInvitations.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "owner",
    summary: "Invite someone by email to join with a role",
    description: "The invitation link works once, for 7 days; accepting it signs the invitee in, as an organizer created if new. Inviting the same address again replaces the earlier link.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: InvitationCreate } } } },
    responses: {
      201: jsonResponse("Invited; the email is on its way", InvitationSchema),
      404: problemResponse("No such campaign"),
      409: problemResponse("Already a member"),
      422: problemResponse("Not an email address, or not a role"),
      429: problemResponse("Too many emails to this address; see Retry-After"),
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    // An address gets few organizer emails a minute, whoever sends them: the sign-in links' limit.
    const { success } = await c.env.LOGIN_LIMITER.limit({ key: input.email });
    if (!success) throw tooManyRequests();
    const { invitation, emailId } = await invite(c.get("db"), c.get("organizer"), c.get("campaign"), input, publicBaseUrl(c));
    c.executionCtx.waitUntil(deliverEmails(c.env, c.get("db"), [emailId]));
    return c.json(invitation, 201);
  },
);

adminInvitations.openapi(
  organizerRoute({
    method: "delete",
    path: "/{id}",
    minimumRole: "owner",
    summary: "Take back an invitation: its link stops working",
    request: { params: InvitationParams },
    responses: { 204: { description: "Taken back" }, 404: problemResponse("No such campaign or pending invitation") },
  }),
  async (c) => {
    await revokeInvitation(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("param").id);
    return c.body(null, 204);
  },
);
