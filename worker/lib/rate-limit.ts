import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { Problem } from "./problem";

type LimiterName = "SIGN_ON_LIMITER" | "VERIFY_LIMITER" | "LOGIN_LIMITER";

/** The window of every limiter in wrangler.toml, which is also the honest Retry-After. */
const PERIOD_SECONDS = 60;

/**
 * The network an IPv6 client is counted by, its /64: one line or host is given a /64 and may use
 * any address in it, so counting single addresses would give it 2^64 budgets. An IPv4 address
 * written as IPv6 (`::ffff:192.0.2.1`) is counted as itself.
 */
function ipv6Network(address: string): string {
  const [head, tail] = address.split("::");
  const groupsOf = (part: string | undefined) => (part ? part.split(":") : []);
  const left = groupsOf(head);
  const right = groupsOf(tail);
  const last = (right.length ? right : left).at(-1) ?? "";
  if (last.includes(".")) return last;
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(8 - left.length - right.length, 0)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(":")}::/64`;
}

/**
 * Who a rate limit counts: the client's IPv4 address or IPv6 /64. Cloudflare sets CF-Connecting-IP
 * at the edge; locally there is none and all requests share one key.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const address = c.req.header("CF-Connecting-IP");
  if (!address) return "local";
  return address.includes(":") ? ipv6Network(address) : address;
}

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
