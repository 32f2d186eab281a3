import { jsonResponse, MemberListSchema, MemberParams, MemberPatch, MemberSchema, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { changeRole, listMembers, removeMember } from "../services/team";

/** A campaign's members and their roles, under `/api/admin/campaigns/:slug/members`: the owners' to change. */
export const adminMembers = createApi();

adminMembers.use(requireOrganizer, memberCampaign);

const lastOwner = problemResponse("It would leave the campaign without an owner (`last-owner`)");

adminMembers.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "owner",
    summary: "The campaign's members and their roles",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Members", MemberListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: await listMembers(c.get("db"), c.get("campaign").id) }, 200),
);

adminMembers.openapi(
  organizerRoute({
    method: "patch",
    path: "/{organizerId}",
    minimumRole: "owner",
    summary: "Change a member's role",
    request: { params: MemberParams, body: { required: true, content: { "application/json": { schema: MemberPatch } } } },
    responses: { 200: jsonResponse("The member as changed", MemberSchema), 404: problemResponse("No such campaign or member"), 409: lastOwner, 422: problemResponse("Not a role") },
  }),
  async (c) => c.json(await changeRole(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("param").organizerId, c.req.valid("json").role), 200),
);

adminMembers.openapi(
  organizerRoute({
    method: "delete",
    path: "/{organizerId}",
    minimumRole: "owner",
    summary: "Remove a member from the campaign",
    request: { params: MemberParams },
    responses: { 204: { description: "Removed" }, 404: problemResponse("No such campaign or member"), 409: lastOwner },
  }),
  async (c) => {
    await removeMember(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("param").organizerId);
    return c.body(null, 204);
  },
);
