import { DeliveryCreate, DeliverySchema, jsonResponse, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { notFound } from "../lib/problem";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { memberCampaign, requireOrganizer } from "../middleware";
import { findCampaignBySlug } from "../queries/campaigns";
import { deliver, deliveryView, findDelivery } from "../services/delivery";

/** The letter's delivery, under `/api/admin/campaigns/:slug/delivery`. */
export const adminDelivery = createApi();

adminDelivery.use(requireOrganizer, memberCampaign);

adminDelivery.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "editor",
    summary: "Mark the letter delivered: the list and the letter version freeze, and the record keeps their fingerprint",
    description:
      "After it the campaign is `delivered`: no new signatures, no withdrawals, no review; corrections of public fields stay possible and are audited. The fingerprint is SHA-256 over the canonical text served at `/c/{slug}/delivery.txt`.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: DeliveryCreate } } } },
    responses: {
      201: jsonResponse("Delivered", DeliverySchema),
      404: problemResponse("No such campaign"),
      409: problemResponse("Already delivered, a draft, or the list changed while it was fingerprinted"),
      422: problemResponse("Invalid fields; `errors` names each"),
    },
  }),
  async (c) => {
    await deliver(c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("json"), publicBaseUrl(c));
    const campaign = (await findCampaignBySlug(c.get("db"), c.get("campaign").slug))!;
    const delivery = (await findDelivery(c.get("db"), campaign.id))!;
    // Open widgets show the delivery at their next read of the campaign.
    c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), campaign.id));
    return c.json(deliveryView(delivery, campaign, publicBaseUrl(c)), 201);
  },
);

adminDelivery.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    summary: "The delivery record",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("The record", DeliverySchema), 404: problemResponse("No such campaign, or not delivered") },
  }),
  async (c) => {
    const delivery = await findDelivery(c.get("db"), c.get("campaign").id);
    if (!delivery) throw notFound("Delivery");
    return c.json(deliveryView(delivery, c.get("campaign"), publicBaseUrl(c)), 200);
  },
);
