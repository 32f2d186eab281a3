import {
  jsonResponse,
  problemResponse,
  SlugParams,
  WebhookDeliveryListSchema,
  WebhookDeliveryParams,
  WebhookDeliverySchema,
  WebhookEndpointCreate,
  WebhookEndpointCreatedSchema,
  WebhookEndpointListSchema,
  WebhookParams,
} from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { createEndpoint, deleteEndpoint, endpointView, findEndpoint, listDeliveries, listEndpoints, replayDelivery, sendTest } from "../services/webhooks";

/**
 * A campaign's webhook endpoints and their delivery log, under `/api/admin/campaigns/:slug/webhooks`.
 * Owners only: an endpoint can receive contact data.
 */
export const adminWebhooks = createApi();

adminWebhooks.use(requireOrganizer, memberCampaign);

const noEndpoint = problemResponse("No such campaign or endpoint");

adminWebhooks.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "owner",
    summary: "The campaign's webhook endpoints (never their secrets)",
    request: { params: SlugParams },
    responses: { 200: jsonResponse("Endpoints", WebhookEndpointListSchema), 404: problemResponse("No such campaign") },
  }),
  async (c) => c.json({ items: (await listEndpoints(c.get("db"), c.get("campaign").id)).map(endpointView) }, 200),
);

adminWebhooks.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    minimumRole: "owner",
    summary: "Register an endpoint for some events; its signing secret is shown once",
    description: "HTTPS only (in development also http://127.0.0.1). Signature events carry public fields, and the contact's only with `includeContacts: true`.",
    request: { params: SlugParams, body: { required: true, content: { "application/json": { schema: WebhookEndpointCreate } } } },
    responses: {
      201: jsonResponse("Registered, with its secret", WebhookEndpointCreatedSchema),
      404: problemResponse("No such campaign"),
      409: problemResponse("The campaign has as many endpoints as it may"),
      422: problemResponse("Not an https:// address, or no known event"),
    },
  }),
  async (c) => c.json(await createEndpoint(c.env, c.get("db"), c.get("organizer").id, c.get("campaign"), c.req.valid("json")), 201),
);

adminWebhooks.openapi(
  organizerRoute({
    method: "delete",
    path: "/{id}",
    minimumRole: "owner",
    summary: "Remove an endpoint, its pending deliveries and its log",
    request: { params: WebhookParams },
    responses: { 204: { description: "Removed" }, 404: noEndpoint },
  }),
  async (c) => {
    const endpoint = await findEndpoint(c.get("db"), c.get("campaign").id, c.req.valid("param").id);
    await deleteEndpoint(c.get("db"), c.get("organizer").id, c.get("campaign"), endpoint);
    return c.body(null, 204);
  },
);

adminWebhooks.openapi(
  organizerRoute({
    method: "post",
    path: "/{id}/test",
    minimumRole: "owner",
    summary: "Send a `webhook.test` event to the endpoint now; the answer says how it went",
    request: { params: WebhookParams },
    responses: { 201: jsonResponse("The test delivery, with its attempt", WebhookDeliverySchema), 404: noEndpoint },
  }),
  async (c) => {
    const endpoint = await findEndpoint(c.get("db"), c.get("campaign").id, c.req.valid("param").id);
    return c.json(await sendTest(c.get("db"), c.get("campaign"), endpoint), 201);
  },
);

adminWebhooks.openapi(
  organizerRoute({
    method: "get",
    path: "/{id}/deliveries",
    minimumRole: "owner",
    summary: "The endpoint's delivery log, newest first, with every attempt",
    request: { params: WebhookParams },
    responses: { 200: jsonResponse("Deliveries", WebhookDeliveryListSchema), 404: noEndpoint },
  }),
  async (c) => {
    const endpoint = await findEndpoint(c.get("db"), c.get("campaign").id, c.req.valid("param").id);
    return c.json({ items: await listDeliveries(c.get("db"), endpoint.id) }, 200);
  },
);

adminWebhooks.openapi(
  organizerRoute({
    method: "post",
    path: "/{id}/deliveries/{deliveryId}/replay",
    minimumRole: "owner",
    summary: "Send a delivery again now, with the same `webhook-id`",
    request: { params: WebhookDeliveryParams },
    responses: { 200: jsonResponse("The delivery, with the new attempt", WebhookDeliverySchema), 404: problemResponse("No such campaign, endpoint or delivery") },
  }),
  async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    const endpoint = await findEndpoint(c.get("db"), c.get("campaign").id, id);
    return c.json(await replayDelivery(c.get("db"), endpoint, deliveryId), 200);
  },
);
