import { createRoute, type RouteConfig } from "@hono/zod-openapi";
import {
  ORGANIZER_ROLES,
  problemResponse,
  WEBHOOK_PAYLOADS,
  WEBHOOK_TEST_EVENT,
  WebhookHeadersSchema,
  WebhookTestPayloadSchema,
  type OrganizerRole,
} from "../../contract";
import { requireRole } from "../middleware";

/** How organizers authenticate: an API token, or the console's session cookie. */
export const ORGANIZER_SECURITY_SCHEMES = {
  apiToken: { type: "http", scheme: "bearer", description: "An API token from POST /api/admin/tokens." },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "undersigned_session",
    description: "The console's session, from an emailed sign-in link. Writes must come from the console's own origin.",
  },
} as const;

const ORGANIZER_SECURITY: Array<Record<string, string[]>> = [{ apiToken: [] }, { session: [] }];

const organizerProblems = {
  401: problemResponse("No valid API token or session"),
  403: problemResponse("Another organizers' campaign, or a cross-site request"),
  503: problemResponse("Temporarily unavailable; nothing was saved, retry after Retry-After"),
};

const higherRoles = (role: OrganizerRole) => ORGANIZER_ROLES.slice(ORGANIZER_ROLES.indexOf(role) + 1);

/** What the route's documentation says of its role, for people; `x-minimum-role` says it for programs. */
const roleNote = (role: OrganizerRole) =>
  `Needs the \`${role}\` role on the campaign${higherRoles(role).length ? ` (or ${higherRoles(role).map((higher) => `\`${higher}\``).join(", ")})` : ""}.`;

/**
 * An organizer route: the shared security and failures, plus the route's own. A route of one
 * campaign states `minimumRole`, the least role on it that may call the route: that is where the
 * rule is enforced (a middleware ahead of validation: a refused call is refused whatever it sent)
 * and documented.
 */
export function organizerRoute<R extends RouteConfig>({ minimumRole, ...config }: R & { minimumRole?: OrganizerRole }) {
  const route = config as unknown as R;
  const description: string | undefined = minimumRole ? [route.description, roleNote(minimumRole)].filter(Boolean).join("\n\n") : route.description;
  return createRoute({
    ...route,
    tags: ["Organizers"],
    security: ORGANIZER_SECURITY,
    description,
    middleware: minimumRole ? [requireRole(minimumRole)] : route.middleware,
    ...(minimumRole ? { "x-minimum-role": minimumRole } : {}),
    responses: {
      ...organizerProblems,
      ...(minimumRole ? { 403: problemResponse(`Another organizers' campaign, a role below ${minimumRole}, or a cross-site request`) } : {}),
      ...route.responses,
    },
  });
}

/** What webhook endpoints receive, for the document's `webhooks`: one signed POST per event. */
export const WEBHOOK_EVENT_OPERATIONS: RouteConfig[] = Object.entries({ ...WEBHOOK_PAYLOADS, [WEBHOOK_TEST_EVENT]: WebhookTestPayloadSchema }).map(([type, schema]) => ({
  method: "post",
  path: type,
  tags: ["Webhooks"],
  summary: `\`${type}\`, posted to the endpoints subscribed to it`,
  request: { headers: WebhookHeadersSchema, body: { required: true, content: { "application/json": { schema } } } },
  responses: {
    200: { description: "Any 2xx within 10 seconds: received. Anything else is retried after 1 and 5 minutes, 30 minutes, 2, 5, 10 and 10 hours." },
  },
}));

