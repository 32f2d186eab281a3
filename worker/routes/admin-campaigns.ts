import { and, eq } from "drizzle-orm";
import {
  AdminCampaignSchema,
  AuditLogSchema,
  CampaignCreate,
  CampaignListSchema,
  CampaignPatch,
  DashboardSchema,
  jsonResponse,
  NotificationsBody,
  problemResponse,
  SlugParams,
  UndeliveredEmailListSchema,
} from "../../contract";
import { campaignMemberships } from "../../schema/tables";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { listOrganizerCampaigns } from "../queries/organizers";
import { auditTrail, campaignDashboard, campaignView, createCampaign, undeliveredEmails, updateCampaign } from "../services/campaign-admin";

/** Campaigns as their organizers see and change them, under `/api/admin/campaigns`. */
export const adminCampaigns = createApi();

adminCampaigns.use(requireOrganizer);
adminCampaigns.use("/:slug", memberCampaign);
adminCampaigns.use("/:slug/*", memberCampaign);

const noCampaign = problemResponse("No such campaign");
const json = <Body extends object>(schema: Body) => ({ required: true, content: { "application/json": { schema } } });

adminCampaigns.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    summary: "The campaigns this organizer runs",
    responses: { 200: jsonResponse("Campaigns, with this organizer's notification choice and role on each", CampaignListSchema) },
  }),
  async (c) => {
    const rows = await listOrganizerCampaigns(c.get("db"), c.get("organizer").id);
    return c.json({ items: rows.map(({ campaign, notifications, role }) => ({ ...campaignView(campaign), notifications, role })) }, 200);
  },
);

adminCampaigns.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    summary: "Create a campaign (a draft unless `status` says otherwise)",
    request: { body: json(CampaignCreate) },
    responses: {
      201: jsonResponse("Created", AdminCampaignSchema),
      409: problemResponse("The slug is taken"),
      422: problemResponse("Invalid fields; `errors` names each"),
    },
  }),
  async (c) => c.json(campaignView(await createCampaign(c.get("db"), c.get("organizer").id, c.req.valid("json"))), 201),
);

adminCampaigns.openapi(
  organizerRoute({
    method: "get",
    path: "/{slug}",
    minimumRole: "viewer",
    summary: "A campaign, as its organizers see it",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The campaign", AdminCampaignSchema), 404: noCampaign },
  }),
  (c) => c.json(campaignView(c.get("campaign")), 200),
);

adminCampaigns.openapi(
  organizerRoute({
    method: "patch",
    path: "/{slug}",
    minimumRole: "editor",
    summary: "Change the letter or its settings; a new text after someone signed is a new version",
    request: { params: SlugParams, body: json(CampaignPatch) },
    responses: { 200: jsonResponse("The campaign as changed", AdminCampaignSchema), 404: noCampaign, 422: problemResponse("Invalid fields; `errors` names each") },
  }),
  async (c) => c.json(campaignView(await updateCampaign(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("json"))), 200),
);

adminCampaigns.openapi(
  organizerRoute({
    method: "put",
    path: "/{slug}/notifications",
    minimumRole: "viewer",
    summary: "How this organizer hears of new sign-ons: each, a daily digest, or none",
    request: { params: SlugParams, body: json(NotificationsBody) },
    responses: { 200: jsonResponse("The choice now in force", NotificationsBody), 404: noCampaign, 422: problemResponse("Not one of each, daily, none") },
  }),
  async (c) => {
    const { notifications } = c.req.valid("json");
    await c.get("db")
      .update(campaignMemberships)
      .set({ notifications })
      .where(and(eq(campaignMemberships.organizerId, c.get("organizer").id), eq(campaignMemberships.campaignId, c.get("campaign").id)))
      .run();
    return c.json({ notifications }, 200);
  },
);

adminCampaigns.openapi(
  organizerRoute({
    method: "get",
    path: "/{slug}/dashboard",
    minimumRole: "viewer",
    summary: "Counts at a glance: by status, per day and by country",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The counts", DashboardSchema), 404: noCampaign },
  }),
  async (c) => c.json(await campaignDashboard(c.get("db"), c.get("campaign")), 200),
);

adminCampaigns.openapi(
  organizerRoute({
    method: "get",
    path: "/{slug}/emails",
    minimumRole: "reviewer",
    summary: "Emails to signers that failed, bounced or were marked as spam, newest first",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Undelivered emails", UndeliveredEmailListSchema), 404: noCampaign },
  }),
  async (c) => c.json({ items: await undeliveredEmails(c.get("db"), c.get("campaign").id) }, 200),
);

adminCampaigns.openapi(
  organizerRoute({
    method: "get",
    path: "/{slug}/audit",
    minimumRole: "reviewer",
    summary: "What organizers changed, newest first",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The audit log", AuditLogSchema), 404: noCampaign },
  }),
  async (c) => c.json({ items: await auditTrail(c.get("db"), c.get("campaign").id) }, 200),
);
