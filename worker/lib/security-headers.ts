import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/**
 * The default for every HTML page the worker renders: no script, no framing, forms only to us.
 * A page that needs more (the hosted campaign page runs the widget) sets its own policy.
 */
export const STRICT_PAGE_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  if (!c.res.headers.get("Content-Type")?.startsWith("text/html")) return;
  if (!c.res.headers.has("Content-Security-Policy")) c.res.headers.set("Content-Security-Policy", STRICT_PAGE_POLICY);
  if (!c.res.headers.has("Referrer-Policy")) c.res.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  c.res.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
});
