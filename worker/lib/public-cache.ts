import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** How long a location keeps a public answer: the max-age these answers already carry. */
const EDGE_SECONDS = 10;

/** When a copy entered the location's cache; kept with the copy, never sent to clients. */
const STORED_AT = "undersigned-stored-at";

/** Answers one isolate keeps in memory: enough for a campaign's first pages in a few languages and origins. */
const RECENT_ENTRIES = 100;
const RECENT_MAX_BYTES = 256 * 1024;

interface RecentAnswer {
  expiresAt: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

/** Insertion-ordered, so the first key is the oldest: evicted first. */
const recent = new Map<string, RecentAnswer>();

function remember(key: string, response: Response, body: ArrayBuffer, storedAt: number) {
  if (body.byteLength > RECENT_MAX_BYTES) return;
  const headers = [...response.headers].filter(([name]) => name !== STORED_AT);
  recent.delete(key);
  recent.set(key, { expiresAt: storedAt + EDGE_SECONDS * 1000, status: response.status, headers, body });
  if (recent.size > RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
}

function recall(key: string, now: number): Response | undefined {
  const answer = recent.get(key);
  if (!answer) return undefined;
  if (answer.expiresAt <= now) {
    recent.delete(key);
    return undefined;
  }
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * Answers repeated public reads without touching D1: from this isolate's memory, else from the
 * Cache API of the Cloudflare location. A list read by thousands of visitors costs D1 one read per
 * location every ten seconds, and the busiest isolates answer it without even a cache lookup; open
 * widgets hear of changes in between over the live socket, and reread with `version`, an address no
 * older copy holds. Both copies expire together, ten seconds after D1 answered. The key holds the
 * Origin because the CORS answer depends on it and the Cache API ignores Vary. A request carrying
 * If-None-Match skips both: its client already holds an ETag and asks whether the list changed
 * since, which only D1 knows (one indexed row).
 */
export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" || c.req.header("If-None-Match") !== undefined) return next();
  const url = new URL(c.req.url);
  url.searchParams.append("cache-origin", c.req.header("Origin") ?? "");
  const key = url.toString();
  const now = Date.now();
  const remembered = recall(key, now);
  if (remembered) return remembered;

  const cache = await caches.open("public");
  const hit = await cache.match(key);
  if (hit) {
    const body = await hit.arrayBuffer();
    const storedAt = Number(hit.headers.get(STORED_AT)) || now;
    remember(key, hit, body, storedAt);
    const answer = new Response(body, hit);
    answer.headers.delete(STORED_AT);
    return answer;
  }
  await next();
  if (c.res.status !== 200 || !/\bpublic\b/.test(c.res.headers.get("Cache-Control") ?? "")) return;
  const body = await c.res.clone().arrayBuffer();
  remember(key, c.res, body, now);
  const copy = new Response(body, c.res);
  copy.headers.set("Cache-Control", `public, max-age=${EDGE_SECONDS}`);
  copy.headers.set(STORED_AT, String(now));
  c.executionCtx.waitUntil(cache.put(key, copy));
});
