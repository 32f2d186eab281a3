import { EmbeddingSchema, jsonResponse, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { campaignEmbedding } from "../services/refused-origins";

/** Where a campaign is read and embedded, under `/api/admin/campaigns/:slug/embedding`. */
export const adminEmbedding = createApi();

adminEmbedding.use(requireOrganizer, memberCampaign);

adminEmbedding.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    summary: "The campaign's page address, the snippet partners paste, and the sites refused for not being allowed",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The links and the refused sites", EmbeddingSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json(await campaignEmbedding(c.get("db"), c.get("campaign"), publicBaseUrl(c)), 200),
);
