// Burst: 50 sign-ons a second for 60 s (1.5 × the UK petitions site's March 2019 peak of about
// 2,000 a minute). Rows and queued emails are counted in D1 once the worker has stopped (run.ts).
import { SLUGS } from "../lib/data.ts";
import { seconds, type Bench } from "../lib/context.ts";
import { load } from "../lib/load.ts";
import { add } from "../lib/report.ts";
import { signOnRequests } from "./sign-on.ts";

export const BURST_RATE = 50;

export async function burstScenario(bench: Bench) {
  const duration = seconds(bench, 60);
  const scenario = `burst: ${BURST_RATE} sign-ons/s for ${duration} s`;
  const accepted = new Set<string>();
  bench.accepted.set(SLUGS.burst, { scenario, emails: accepted });
  const result = await load({
    url: bench.product.url,
    // Enough connections that the rate, not waiting answers, sets the pace.
    connections: 50,
    overallRate: BURST_RATE,
    duration,
    expected: 202,
    requests: signOnRequests(`/api/campaigns/${SLUGS.burst}/signatures`, "burst", accepted),
  });
  const planned = BURST_RATE * duration;
  add({ scenario, figure: "sign-ons sent", product: result.requests, target: `${planned} (± 5 %)`, holds: result.requests >= 0.95 * planned });
  add({ scenario, figure: "accepted (202)", product: accepted.size, target: "all sent", holds: accepted.size === result.requests });
  add({ scenario, figure: "errors", product: result.errors, target: "0", holds: result.errors === 0 });
  add({ scenario, figure: "latency p99", product: result.p99, unit: "ms" });
}
