import type { Context } from "hono";
import { Problem } from "./problem";

/**
 * Refuses a write that another site's page sent: one whose `Origin` names a site other than ours.
 * Every write that carries or sets the session cookie checks it: SameSite=Strict already keeps the
 * cookie off cross-site requests, this covers older browsers, and a sign-in link posted from
 * another site (which would sign the browser in as someone else) is not a cookie-bearing request.
 */
export function refuseCrossSiteWrite(c: Context) {
  const origin = c.req.header("Origin");
  if (!["GET", "HEAD"].includes(c.req.method) && origin && origin !== new URL(c.req.url).origin) {
    throw new Problem(403, { title: "Cross-site request refused", type: "forbidden" });
  }
}
