import { jsonResponse, PartnerStatsSchema, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { partnerStats } from "../services/partners";

/** Which partner brought whom, and the coverage by country, under `/api/admin/campaigns/:slug/partners`. */
export const adminPartners = createApi();

adminPartners.use(requireOrganizer, memberCampaign);

adminPartners.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    summary: "Sign-ons, confirmations and publications per partner and per day; published signatures per country against its target",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The counts", PartnerStatsSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json(await partnerStats(c.get("db"), c.get("campaign")), 200),
);
