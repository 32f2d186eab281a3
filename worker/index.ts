import { OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { html } from "hono/html";
import { HTTPException } from "hono/http-exception";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { AppEnv, Bindings } from "./env";
import { deliverEmails, retryDueEmails } from "./email/outbox";
import { countingD1, countsD1 } from "./lib/d1-stats";
import { Problem } from "./lib/problem";
import { requestLocale } from "./lib/request-locale";
import { ORGANIZER_SECURITY_SCHEMES, WEBHOOK_EVENT_OPERATIONS } from "./lib/openapi";
import { securityHeaders } from "./lib/security-headers";
import { page } from "./pages/layout";
import { database, privateAnswers } from "./middleware";
import { adminBlocklist } from "./routes/admin-blocklist";
import { adminBulkRejections } from "./routes/admin-bulk-rejections";
import { adminCampaigns } from "./routes/admin-campaigns";
import { adminDelivery } from "./routes/admin-delivery";
import { adminEmbedding } from "./routes/admin-embedding";
import { adminExports } from "./routes/admin-exports";
import { adminImports } from "./routes/admin-imports";
import { adminInvitations } from "./routes/admin-invitations";
import { adminLetterPreview } from "./routes/admin-letter-preview";
import { adminMembers } from "./routes/admin-members";
import { adminPartners } from "./routes/admin-partners";
import { adminResponses } from "./routes/admin-responses";
import { adminSession } from "./routes/admin-session";
import { adminSignatures } from "./routes/admin-signatures";
import { adminUpdates } from "./routes/admin-updates";
import { adminWebhooks } from "./routes/admin-webhooks";
import { campaignPages } from "./routes/campaign-pages";
import { campaigns } from "./routes/campaigns";
import { consolePages } from "./routes/console";
import { deliveryRecords } from "./routes/delivery-records";
import { devMailbox } from "./routes/dev";
import { signerLinks } from "./routes/signer-links";
import { sitemap } from "./routes/sitemap";
import { manageLinks } from "./routes/manage-links";
import { coalitionLinks } from "./routes/coalition-links";
import { adminCoalition } from "./routes/admin-coalition";
import { unsubscribeLinks } from "./routes/unsubscribe";
import { webhooks } from "./routes/webhooks";
import { purgeSignInState } from "./services/organizer-auth";
import { closeCampaignsAtDeadline, notifyOrganizers } from "./services/organizer-notices";
import { anonymizeClosedCampaigns, purgeUnverified, retentionPolicy } from "./services/retention";
import { remindUnconfirmed } from "./services/reminders";
import { purgeBulkRejections } from "./services/review";
import { purgeInvitations } from "./services/team";
import { advanceUpdates } from "./services/updates";
import { deliverDueWebhooks, purgeWebhookLog } from "./services/webhooks";

// RegExpRouter named, not left to SmartRouter's choice: it matches every request with one regular
// expression, where its fallback, the TrieRouter, took a third of a sign-on's JavaScript time. A
// route it cannot take (a fixed segment beside a parameter, as `…/signatures/bulk-reject` was
// beside `…/signatures/:id`) now fails every request in every test, instead of slowing them all.
const app = new OpenAPIHono<AppEnv>({ router: new RegExpRouter() });

app.use(securityHeaders);
app.use(database);
app.use("/api/admin/*", privateAnswers);

app.route("/api/campaigns", campaigns);
app.route("/api/admin", adminSession);
app.route("/api/admin/campaigns/:slug/signatures", adminSignatures);
app.route("/api/admin/campaigns/:slug/blocklist", adminBlocklist);
app.route("/api/admin/campaigns/:slug/bulk-rejections", adminBulkRejections);
app.route("/api/admin/campaigns/:slug/imports", adminImports);
app.route("/api/admin/campaigns/:slug/export", adminExports);
app.route("/api/admin/campaigns/:slug/members", adminMembers);
app.route("/api/admin/campaigns/:slug/invitations", adminInvitations);
app.route("/api/admin/campaigns/:slug/webhooks", adminWebhooks);
app.route("/api/admin/campaigns/:slug/delivery", adminDelivery);
app.route("/api/admin/campaigns/:slug/embedding", adminEmbedding);
app.route("/api/admin/campaigns/:slug/partners", adminPartners);
app.route("/api/admin/campaigns/:slug/responses", adminResponses);
app.route("/api/admin/campaigns/:slug/updates", adminUpdates);
app.route("/api/admin/campaigns/:slug/coalition", adminCoalition);
app.route("/api/admin/campaigns", adminCampaigns);
app.route("/api/admin/letter-preview", adminLetterPreview);
app.route("/", consolePages);
app.route("/c", campaignPages);
app.route("/c", deliveryRecords);
app.route("/", sitemap);
app.route("/unsubscribe", unsubscribeLinks);
app.route("/manage", manageLinks);
app.route("/coalition", coalitionLinks);
app.route("/", signerLinks);
app.route("/dev", devMailbox);
app.route("/webhooks", webhooks);

for (const [name, scheme] of Object.entries(ORGANIZER_SECURITY_SCHEMES)) app.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
for (const operation of WEBHOOK_EVENT_OPERATIONS) app.openAPIRegistry.registerWebhook(operation);

app.doc31("/api/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "Undersigned API",
    version: "1",
    description:
      "Read a sign-on letter and its signatories; sign on (public). Run a campaign: review, correct, import, export (organizers, under /api/admin, with an API token or the console's session). Errors are RFC 9457 problem details.",
  },
});

app.notFound(() => {
  throw new Problem(404, { title: "Not found", type: "not-found" });
});

/**
 * D1's transient failures, which a retry cures (its documented messages: overloaded, network
 * connection lost, storage reset, a transient issue on the remote node). A constraint or SQL error
 * is a bug and answers 500. The message may sit on a cause.
 */
const TRANSIENT_D1_ERROR = /D1.*(overloaded|Network connection lost|object to be reset|reset because its code was updated|transient issue|Internal error while starting up)/i;
const isDatabaseUnavailable = (error: unknown): boolean =>
  error instanceof Error && (TRANSIENT_D1_ERROR.test(error.message) || isDatabaseUnavailable(error.cause));

app.onError(async (error, c) => {
  let problem: Problem;
  if (error instanceof Problem) {
    problem = error;
  } else if (error instanceof HTTPException) {
    // Hono's own expected failures, such as a body that is not valid JSON.
    problem = new Problem(error.status as Problem["status"], {
      title: error.status === 400 ? "Malformed JSON in request body" : error.message || "Request failed",
      type: error.status === 400 ? "malformed-json" : undefined,
    });
  } else if (isDatabaseUnavailable(error)) {
    // Every write is one batch, so a failed request left nothing behind: retrying is safe.
    console.error(JSON.stringify({ message: "database unavailable", path: c.req.path, error: String(error) }));
    problem = new Problem(503, {
      title: "Temporarily unavailable",
      detail: "Nothing was saved. Please try again in a few seconds.",
      type: "temporarily-unavailable",
      headers: { "Retry-After": "5" },
      extensions: { retryAfter: 5 },
    });
  } else {
    console.error(JSON.stringify({ message: "unhandled error", path: c.req.path, error: String(error), stack: (error as Error)?.stack }));
    problem = new Problem(500, {
      title: "Something went wrong on our side",
      detail: "Please try again in a moment.",
      messages: { title: "problemServerError", detail: "problemServerErrorDetail" },
    });
  }
  // A signer who opens a link or a mistyped address reads the answer in their language.
  const locale = await requestLocale(c);
  const wantsPage = !c.req.path.startsWith("/api/") && /text\/html/.test(c.req.header("Accept") ?? "");
  if (wantsPage) {
    const { title, detail } = problem.localized(locale);
    const headers = { ...problem.init.headers, "Content-Language": locale };
    return c.html(page({ lang: locale, title }, html`<div class="card"><h1>${title}</h1>${detail ? html`<p>${detail}</p>` : ""}</div>`), problem.status, headers);
  }
  const response = problem.toResponse(c.req.path, locale);
  response.headers.set("Content-Language", locale);
  // Partners' pages must be able to read why a public call failed: the origins a campaign allows,
  // as its answers do, or anyone before a campaign is known (an unknown slug, say).
  if (c.req.path.startsWith("/api/") && !c.req.path.startsWith("/api/admin/") && !response.headers.has("Access-Control-Allow-Origin")) {
    const allowed = c.get("campaign") ? c.res.headers.get("Access-Control-Allow-Origin") : "*";
    if (allowed) response.headers.set("Access-Control-Allow-Origin", allowed);
    if (c.get("campaign")) response.headers.set("Vary", "Origin");
  }
  return response;
});

async function scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
  // Under the bench (D1_STATS=on) the cron's statements are counted too, as requests' are (middleware.ts).
  const db = drizzle(countsD1(env) ? countingD1(env.DB) : env.DB);
  const now = new Date(controller.scheduledTime);
  const policy = retentionPolicy(env);
  await closeCampaignsAtDeadline(db, now);
  // Organizer notices are sent here, then retried by the outbox like every other email.
  await deliverEmails(env, db, await notifyOrganizers(db, now, (env.PUBLIC_URL ?? "").replace(/\/+$/, "")));
  await remindUnconfirmed(env, db, now, (env.PUBLIC_URL ?? "").replace(/\/+$/, ""));
  await retryDueEmails(env, db, now);
  await advanceUpdates(env, db);
  await purgeUnverified(db, policy, now);
  await anonymizeClosedCampaigns(db, policy, now);
  await purgeSignInState(db, now);
  await deliverDueWebhooks(db, now);
  await purgeWebhookLog(db, now);
  await purgeInvitations(db, now);
  await purgeBulkRejections(db, now);
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Bindings>;
export { app };
export { CampaignLive } from "./live/campaign-live";
