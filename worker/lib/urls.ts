import type { Context } from "hono";
import type { AppEnv } from "../env";

/** The deployment's public origin for links in emails: `PUBLIC_URL`, else the request's. */
export function publicBaseUrl(c: Context<AppEnv>): string {
  return (c.env.PUBLIC_URL || new URL(c.req.url).origin).replace(/\/+$/, "");
}
