import { OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { html } from "hono/html";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Bindings } from "./env";
import { deliverEmails, retryDueEmails } from "./email/outbox";
import { Problem } from "./lib/problem";
import { securityHeaders } from "./lib/security-headers";
import { page } from "./pages/layout";
import { database } from "./middleware";
import { adminBlocklist } from "./routes/admin-blocklist";
import { adminCampaigns } from "./routes/admin-campaigns";
import { adminExports } from "./routes/admin-exports";
import { adminImports } from "./routes/admin-imports";
import { adminSession } from "./routes/admin-session";
import { adminSignatures } from "./routes/admin-signatures";
import { campaignPages } from "./routes/campaign-pages";
import { campaigns } from "./routes/campaigns";
import { consolePages } from "./routes/console";
import { devMailbox } from "./routes/dev";
import { signerLinks } from "./routes/signer-links";
import { webhooks } from "./routes/webhooks";
import { purgeSignInState } from "./services/organizer-auth";
import { closeCampaignsAtDeadline, notifyOrganizers } from "./services/organizer-notices";
import { anonymizeClosedCampaigns, purgeUnverified, retentionPolicy } from "./services/retention";

const app = new OpenAPIHono<AppEnv>();

app.use(securityHeaders);
app.use(database);

app.route("/api/campaigns", campaigns);
app.route("/api/admin", adminSession);
app.route("/api/admin/campaigns/:slug/signatures", adminSignatures);
app.route("/api/admin/campaigns/:slug/blocklist", adminBlocklist);
app.route("/api/admin/campaigns/:slug/imports", adminImports);
app.route("/api/admin/campaigns/:slug/export", adminExports);
app.route("/api/admin/campaigns", adminCampaigns);
app.route("/", consolePages);
app.route("/c", campaignPages);
app.route("/", signerLinks);
app.route("/dev", devMailbox);
app.route("/webhooks", webhooks);

app.doc31("/api/openapi.json", {
  openapi: "3.1.0",
  info: {
    title: "Undersigned public API",
    version: "1",
    description: "Read a sign-on letter and its signatories; sign on. Errors are RFC 9457 problem details.",
  },
});

app.notFound(() => {
  throw new Problem(404, { title: "Not found", type: "not-found" });
});

/** D1 reports its failures as errors whose message (or cause's) starts with D1_. */
const isDatabaseUnavailable = (error: unknown): boolean =>
  error instanceof Error && (/^D1_/.test(error.message) || isDatabaseUnavailable(error.cause));

app.onError((error, c) => {
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
    console.error(JSON.stringify({ message: "database error", path: c.req.path, error: String(error) }));
    problem = new Problem(503, {
      title: "Temporarily unavailable",
      detail: "Nothing was saved. Please try again in a few seconds.",
      type: "temporarily-unavailable",
      headers: { "Retry-After": "5" },
      extensions: { retryAfter: 5 },
    });
  } else {
    console.error(JSON.stringify({ message: "unhandled error", path: c.req.path, error: String(error), stack: (error as Error)?.stack }));
    problem = new Problem(500, { title: "Something went wrong on our side", detail: "Please try again in a moment." });
  }
  const wantsPage = !c.req.path.startsWith("/api/") && /text\/html/.test(c.req.header("Accept") ?? "");
  if (wantsPage) {
    const { title, detail, headers } = problem.init;
    return c.html(page({ lang: "en", title }, html`<div class="card"><h1>${title}</h1>${detail ? html`<p>${detail}</p>` : ""}</div>`), problem.status, headers);
  }
  const response = problem.toResponse(c.req.path);
  // Partners' pages must be able to read why a public call failed: the origins a campaign allows,
  // as its answers do, or anyone before a campaign is known (an unknown slug, say).
  if (c.req.path.startsWith("/api/") && !c.req.path.startsWith("/api/admin/") && !response.headers.has("Access-Control-Allow-Origin")) {
    const allowed = c.var.campaign ? c.res.headers.get("Access-Control-Allow-Origin") : "*";
    if (allowed) response.headers.set("Access-Control-Allow-Origin", allowed);
    if (c.var.campaign) response.headers.set("Vary", "Origin");
  }
  return response;
});

async function scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
  const db = drizzle(env.DB);
  const now = new Date(controller.scheduledTime);
  const policy = retentionPolicy(env);
  await closeCampaignsAtDeadline(db, now);
  // Organizer notices are sent here, then retried by the outbox like every other email.
  await deliverEmails(env, db, await notifyOrganizers(db, now, (env.PUBLIC_URL ?? "").replace(/\/+$/, "")));
  await retryDueEmails(env, db, now);
  await purgeUnverified(db, policy, now);
  await anonymizeClosedCampaigns(db, policy, now);
  await purgeSignInState(db, now);
}

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Bindings>;
export { app };
export { CampaignLive } from "./live/campaign-live";
