// What every scenario gets: the two running workers, the time scale, and helpers over the
// product's D1 counter (GET /dev/stats), which the bench alone switches on (D1_STATS=on).
import type { RunningWorker } from "./workers.ts";

export interface Bench {
  product: RunningWorker;
  baseline: RunningWorker;
  /** An organizer API token for the large campaign (CSV export). */
  token: string;
  /** BENCH_SCALE: 1 runs the durations, 0.1 a tenth of them. */
  scale: number;
  /** Emails the product answered 202 for, by campaign slug, and the scenario that sent them: checked against D1 once it stops. */
  accepted: Map<string, { scenario: string; emails: Set<string> }>;
}

export const seconds = (bench: Bench, full: number) => Math.max(2, Math.round(full * bench.scale));

export interface D1Stats {
  queries: number;
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

export async function d1Stats(bench: Bench): Promise<D1Stats> {
  return (await fetch(`${bench.product.url}/dev/stats`)).json() as Promise<D1Stats>;
}

export async function resetD1Stats(bench: Bench) {
  await fetch(`${bench.product.url}/dev/stats/reset`, { method: "POST" });
}

/** D1's figures per request over `count` requests made one after another by `request`. */
export async function d1PerRequest(bench: Bench, count: number, request: (i: number) => Promise<unknown>, settleMs = 0) {
  await resetD1Stats(bench);
  for (let i = 0; i < count; i++) await request(i);
  // Work left for after the response (email delivery runs in waitUntil) belongs to the request too.
  if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const stats = await d1Stats(bench);
  return {
    queries: stats.queries / count,
    roundTrips: stats.roundTrips / count,
    rowsRead: stats.rowsRead / count,
    rowsWritten: stats.rowsWritten / count,
  };
}

let client = 0;
/**
 * A documentation-range address of its own for each simulated signer, in a /64 of its own: rate
 * limits count an IPv6 client by its /64 (worker/lib/rate-limit.ts), as a line or host is given one.
 */
export const nextClientAddress = () => {
  const n = ++client;
  return `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;
};

let signer = 0;
export function signOnBody(prefix: string) {
  const n = ++signer;
  return {
    organization: `Organización ${prefix} ${n} & Asociados`,
    country: "MX",
    city: "Tapachula",
    region: "Chiapas",
    website: "https://example.org",
    members: ["Red de Apoyo"],
    contactName: "Ana Pérez",
    contactTitle: "Coordinadora",
    email: `${prefix}-${n}@example.org`,
    locale: "es",
    authorized: true,
    fillTimeMs: 45_000,
  };
}
