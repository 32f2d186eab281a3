import { createRoute } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { deliverFresh } from "../email/outbox";
import { openLiveSocket } from "../live/announce";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { Problem, campaignClosed, campaignDelivered, invalidFields } from "../lib/problem";
import { publicCache } from "../lib/public-cache";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { turnstileSiteKey, verifyTurnstile } from "../lib/turnstile";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { publicCampaign } from "../middleware";
import { isAcceptingSignatures, publicCampaign as publicCampaignView } from "../queries/campaigns";
import { listPublishedSignatures, publicSignature } from "../queries/signatures";
import {
  CampaignQuery,
  CampaignSchema,
  SignatureListQuery,
  SignatureListSchema,
  SignOnAcceptedSchema,
  SignOnBody,
  type SignOnAccepted,
  SlugParams,
  problemResponse,
} from "../../contract";
import { letterLifeIn } from "../services/letter-life";
import { noteRefusedOrigin, originAllowed, originNotAllowed } from "../services/refused-origins";
import { flagBotSignOn, signOn } from "../services/sign-on";

/** The public campaign API: read the letter and its list, sign on. */
export const campaigns = createApi();

const MAX_BODY_BYTES = 16 * 1024;
const MIN_FILL_TIME_MS = 3000;

// Before the campaign is read: a cached list costs D1 nothing.
campaigns.use("/:slug/signatures", publicCache);
campaigns.use("/:slug", publicCampaign);
campaigns.use("/:slug/*", publicCampaign);

const campaignCors = cors({
  origin: (origin, c) => {
    const allowed = c.get("campaign").allowedOrigins;
    if (allowed.includes("*")) return "*";
    return allowed.includes(origin) ? origin : null;
  },
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["Content-Type"],
  exposeHeaders: ["ETag", "Retry-After"],
  maxAge: 86400,
});
// "/:slug/*" also matches "/:slug": once, or every answer would say `Vary: Origin` twice.
campaigns.use("/:slug/*", campaignCors);

// A page on a site the campaign does not list reads a refusal saying so (the widget tells its
// readers), not an answer its browser hides; the site is noted for the organizers.
campaigns.use("/:slug/*", async (c, next) => {
  const origin = c.req.header("Origin");
  const ownOrigins = [new URL(c.req.url).origin, publicBaseUrl(c)];
  if (!origin || c.req.method === "OPTIONS" || originAllowed(c.get("campaign"), origin, ownOrigins)) return next();
  c.executionCtx.waitUntil(noteRefusedOrigin(c.get("db"), c.get("campaign").id, origin));
  throw originNotAllowed(origin);
});

// Short public caching: the live socket carries changes; these only need to be cheap to reread.
const PUBLIC_CACHE = "public, max-age=10, stale-while-revalidate=60";

campaigns.openapi(
  createRoute({
    method: "get",
    path: "/{slug}",
    summary: "A campaign: its letter, status and count",
    request: { params: SlugParams, query: CampaignQuery },
    responses: {
      200: { description: "The campaign", content: { "application/json": { schema: CampaignSchema } } },
      403: problemResponse("Asked from a page on a site the campaign does not allow (`origin-not-allowed`)"),
      404: problemResponse("No such campaign"),
      422: problemResponse("Invalid query (an unknown `lang`)"),
    },
  }),
  async (c) => {
    const { lang } = c.req.valid("query");
    const campaign = c.get("campaign");
    const life = await letterLifeIn(c.get("db"), campaign, lang ?? campaign.language, publicBaseUrl(c));
    c.header("Cache-Control", PUBLIC_CACHE);
    return c.json({ ...publicCampaignView(campaign, lang), turnstileSiteKey: turnstileSiteKey(c.env), ...life }, 200);
  },
);

campaigns.openapi(
  createRoute({
    method: "get",
    path: "/{slug}/signatures",
    summary: "Published signatories, in collation order, a page at a time",
    request: { params: SlugParams, query: SignatureListQuery },
    responses: {
      200: { description: "A page of signatories", content: { "application/json": { schema: SignatureListSchema } } },
      304: { description: "Unchanged since the ETag sent in If-None-Match" },
      404: problemResponse("No such campaign"),
      422: problemResponse("Invalid query"),
    },
  }),
  async (c) => {
    const campaign = c.get("campaign");
    const { limit, cursor, q, country } = c.req.valid("query");
    const etag = `W/"${campaign.id}-${campaign.listVersion}"`;
    c.header("ETag", etag);
    c.header("Cache-Control", PUBLIC_CACHE);
    if (c.req.header("If-None-Match") === etag) return c.body(null, 304);
    const rows = await listPublishedSignatures(c.get("db"), campaign.id, {
      limit,
      cursor: cursor ? decodeCursor(cursor) : undefined,
      q: q || undefined,
      country,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        count: campaign.signatureCount,
        items: page.map((signature) => publicSignature(signature, campaign)),
        nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.id) : null,
      },
      200,
    );
  },
);

// Not in the OpenAPI document: a WebSocket, described in the README. One D1 read per connection;
// after that every change arrives from the campaign's live object, whatever the number of widgets.
campaigns.get("/:slug/live", (c) => {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new Problem(426, {
      title: "This endpoint speaks WebSocket",
      detail: "Connect with a WebSocket client; poll GET /api/campaigns/{slug} where sockets are not available.",
      type: "upgrade-required",
      headers: { Upgrade: "websocket" },
    });
  }
  const { slug, signatureCount: count, listVersion } = c.get("campaign");
  return openLiveSocket(c.env, c.req.raw, { slug, count, listVersion });
});

const requireJson = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new Problem(413, {
      title: "Request body too large",
      detail: `At most ${MAX_BODY_BYTES} bytes.`,
      type: "too-large",
      messages: { title: "problemTooLarge", detail: "problemTooLargeDetail", vars: { bytes: MAX_BODY_BYTES } },
    });
  },
});

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The answer to a valid sign-on: whether an email leaves now, or when the link still in the mailbox
 * did (a repeat within its minute). Blocked addresses, bots and a day's spent emails read "now", as
 * a new signer's does; an "already signed" note leaves now too, so the answer never tells whether
 * the address signed.
 */
const signOnAccepted = (lastLinkAt?: Date): SignOnAccepted => ({
  status: "pending",
  emailSent: lastLinkAt ? "earlier" : "now",
  emailSentAt: (lastLinkAt ?? new Date()).toISOString(),
});

const limitSignOns = rateLimit("SIGN_ON_LIMITER", (c) => `${c.get("campaign").id}:${clientAddress(c)}`);

campaigns.use("/:slug/signatures", async (c, next) => {
  if (c.req.method !== "POST") return next();
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new Problem(415, { title: "Send the sign-on as application/json", type: "unsupported-media-type" });
  }
  return limitSignOns(c, async () => {
    await requireJson(c, async () => {
      // JSON parsing would quietly turn invalid bytes into U+FFFD and store them as a name. The
      // text decoded here is the one the validator parses: the body is read and decoded once.
      let text: string;
      try {
        text = strictUtf8.decode(await c.req.raw.arrayBuffer());
      } catch {
        throw new Problem(400, { title: "Request body is not valid UTF-8", type: "malformed-json" });
      }
      // Hono keeps each read of the body as a promise (its type says the value), and parses JSON from "text".
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
      await next();
    });
  });
});

campaigns.openapi(
  createRoute({
    method: "post",
    path: "/{slug}/signatures",
    summary: "Sign the letter; a verification email follows",
    description:
      "Always answers 202 with `pending` for a valid sign-on, whether or not this email or organization already signed: the mailbox owner is told instead. The signature counts once the emailed link is confirmed.",
    request: {
      params: SlugParams,
      body: { required: true, content: { "application/json": { schema: SignOnBody } } },
    },
    responses: {
      202: {
        description: "Accepted; check the mailbox",
        content: { "application/json": { schema: SignOnAcceptedSchema } },
      },
      400: problemResponse("Malformed JSON"),
      404: problemResponse("No such campaign"),
      409: problemResponse("The campaign is closed"),
      413: problemResponse("Body over 16 KiB"),
      415: problemResponse("Not JSON"),
      422: problemResponse("Invalid fields; `errors` names each"),
      429: problemResponse("Too many sign-ons from this client; see Retry-After"),
      503: problemResponse("Temporarily unavailable; nothing was saved, retry after Retry-After"),
    },
  }),
  async (c) => {
    const campaign = c.get("campaign");
    if (campaign.status === "delivered") throw campaignDelivered();
    if (!isAcceptingSignatures(campaign)) throw campaignClosed();
    const input = c.req.valid("json");
    if (!campaign.signerKinds.includes(input.kind)) {
      throw invalidFields([
        { field: "kind", pointer: "/kind", code: "kind_not_accepted", message: `this letter does not accept ${input.kind} signatures` },
      ]);
    }
    const origin = c.req.header("Origin");
    const source = origin ? `widget:${origin}` : "api";
    // Bots fill every field, people never see `fax`; and no person reads a letter's form in under
    // three seconds. Bots get the same answer as people; nothing is mailed, and nothing is kept
    // unless the campaign asked to see them (stored as rejected, for organizers to review).
    if (input.fax || (input.fillTimeMs !== undefined && input.fillTimeMs < MIN_FILL_TIME_MS)) {
      if (campaign.botPolicy === "flag") await flagBotSignOn(c.get("db"), campaign, input, source);
      return c.json(signOnAccepted(), 202);
    }
    await verifyTurnstile(c.env, input.turnstileToken, c.req.header("CF-Connecting-IP"), `${campaign.id}:${input.email}:${Date.now()}`);
    const { emails, lastLinkAt } = await signOn(c.get("db"), campaign, input, { baseUrl: publicBaseUrl(c), source });
    c.executionCtx.waitUntil(deliverFresh(c.env, c.get("db"), emails));
    return c.json(signOnAccepted(lastLinkAt), 202);
  },
);
