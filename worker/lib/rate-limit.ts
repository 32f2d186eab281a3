import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { Problem } from "./problem";

type LimiterName = "SIGN_ON_LIMITER" | "VERIFY_LIMITER" | "LOGIN_LIMITER";

/** The window of every limiter in wrangler.toml, which is also the honest Retry-After. */
const PERIOD_SECONDS = 60;

/** Cloudflare sets CF-Connecting-IP at the edge; locally there is none and all requests share one key. */
export const clientAddress = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "local";

export const tooManyRequests = () =>
  new Problem(429, {
    title: "Too many requests",
    detail: `Please wait a minute and try again.`,
    type: "rate-limited",
    headers: { "Retry-After": String(PERIOD_SECONDS) },
    extensions: { retryAfter: PERIOD_SECONDS },
  });

/** Refuses with 429 and Retry-After once `key` has used its budget in the named limiter. */
export function rateLimit(name: LimiterName, key: (c: Context<AppEnv>) => string) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { success } = await c.env[name].limit({ key: key(c) });
    if (!success) throw tooManyRequests();
    await next();
  });
}
