import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** How long a location keeps a public answer: the max-age these answers already carry. */
const EDGE_SECONDS = 10;

/**
 * Answers repeated public reads from the Cache API of the Cloudflare location without touching
 * D1: a list read by thousands of visitors costs D1 one read per location every ten seconds, and
 * open widgets hear of changes in between over the live socket. The key holds the Origin because
 * the CORS answer depends on it and the Cache API ignores Vary. A request carrying If-None-Match
 * skips the copy: its client already holds an ETag and asks whether the list changed since,
 * which only D1 knows (one indexed row).
 */
export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" || c.req.header("If-None-Match") !== undefined) return next();
  const key = new URL(c.req.url);
  key.searchParams.append("cache-origin", c.req.header("Origin") ?? "");
  const cache = await caches.open("public");
  const hit = await cache.match(key);
  if (hit) return new Response(hit.body, hit);
  await next();
  if (c.res.status !== 200 || !/\bpublic\b/.test(c.res.headers.get("Cache-Control") ?? "")) return;
  const copy = new Response(c.res.clone().body, c.res);
  copy.headers.set("Cache-Control", `public, max-age=${EDGE_SECONDS}`);
  c.executionCtx.waitUntil(cache.put(key, copy));
});
