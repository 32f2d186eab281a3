/**
 * The least a Worker can do with D1 for Undersigned's two hot paths, as the yardstick for
 * `npm run bench`: a sign-on is one INSERT of the posted fields, a list page one indexed SELECT.
 * No validation, no email, no rate limit. Each answer says what D1 reported it cost.
 * `?limited` puts the INSERT behind the product's sign-on rate limit call, nothing else.
 */
interface Env {
  DB: D1Database;
  SIGN_ON_LIMITER: RateLimit;
}

interface SignOn {
  organization: string;
  country?: string;
  city?: string;
  region?: string;
  website?: string;
  contactName?: string;
  contactTitle?: string;
  email: string;
  locale?: string;
}

const PAGE = 50;

const costHeaders = (meta: D1Meta) => ({ "X-D1-Rows-Read": String(meta.rows_read), "X-D1-Rows-Written": String(meta.rows_written) });

async function signOn(db: D1Database, campaignId: number, input: SignOn) {
  const key = input.organization.toLowerCase();
  const { meta } = await db
    .prepare(
      `INSERT INTO signatures (id, campaign_id, name, city, region, country, website, sort_key, organization_key, search_text, contact_name, contact_title, email, locale, source, letter_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'api', 1)`,
    )
    .bind(
      crypto.randomUUID(),
      campaignId,
      input.organization,
      input.city ?? null,
      input.region ?? null,
      input.country ?? null,
      input.website ?? null,
      key,
      key,
      key,
      input.contactName ?? null,
      input.contactTitle ?? null,
      input.email,
      input.locale ?? "en",
    )
    .run();
  return Response.json({ status: "pending" }, { status: 202, headers: costHeaders(meta) });
}

/** `after` is the previous page's last `sortKey|id`. */
async function listPage(db: D1Database, campaignId: number, after: string | null) {
  const [sortKey, id] = after ? after.split("|") : ["", ""];
  const { results, meta } = await db
    .prepare(
      `SELECT id, kind, name, city, region, country, website, members, published_at FROM signatures
       WHERE campaign_id = ? AND status = 'published' AND (sort_key, id) > (?, ?)
       ORDER BY sort_key, id LIMIT ?`,
    )
    .bind(campaignId, sortKey, id, PAGE + 1)
    .all();
  return Response.json({ items: results.slice(0, PAGE) }, { headers: costHeaders(meta) });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const match = /^\/campaigns\/(\d+)\/signatures$/.exec(url.pathname);
    if (!match) return new Response("Not found", { status: 404 });
    const campaignId = Number(match[1]);
    if (request.method === "POST") {
      if (url.searchParams.has("limited")) {
        const client = request.headers.get("CF-Connecting-IP") ?? "";
        const { success } = await env.SIGN_ON_LIMITER.limit({ key: `${campaignId}:${client}` });
        if (!success) return new Response("Too many sign-ons", { status: 429 });
      }
      return signOn(env.DB, campaignId, await request.json<SignOn>());
    }
    return listPage(env.DB, campaignId, url.searchParams.get("after"));
  },
} satisfies ExportedHandler<Env>;
