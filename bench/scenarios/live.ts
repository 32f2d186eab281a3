// Live fan-out: N open WebSockets on a campaign's live object, one confirmation; how long until
// every socket has it, and how many D1 statements the window costs with 1 socket and with 200.
import { SLUGS } from "../lib/data.ts";
import { d1Stats, nextClientAddress, resetD1Stats, seconds, signOnBody, type Bench } from "../lib/context.ts";
import { add, unavailable } from "../lib/report.ts";

const SCENARIO = "live fan-out: open WebSockets, one confirmation";

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function openSockets(url: string, count: number): Promise<Array<{ socket: WebSocket; received: Promise<number> }>> {
  return Promise.all(
    Array.from({ length: count }, () => {
      const socket = new WebSocket(url);
      let heard!: (at: number) => void;
      const received = new Promise<number>((resolve) => (heard = resolve));
      const hello = new Promise<void>((resolve, reject) => {
        socket.addEventListener("error", () => reject(new Error(`WebSocket to ${url} failed`)));
        socket.addEventListener("message", (event) => {
          const message = JSON.parse(String(event.data));
          if (message.type === "hello") resolve();
          if (message.type === "signature") heard(performance.now());
        });
      });
      return hello.then(() => ({ socket, received }));
    }),
  );
}

/** Signs on and returns the confirmation link once delivered to the local mailbox, not yet followed. */
async function pendingLink(bench: Bench) {
  const body = signOnBody("live");
  const response = await fetch(`${bench.product.url}/api/campaigns/${SLUGS.live}/signatures`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": nextClientAddress() },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`live: sign-on answered ${response.status}`);
  for (let attempt = 0; attempt < 50; attempt++) {
    const emails = (await (await fetch(`${bench.product.url}/dev/mailbox.json?to=${encodeURIComponent(body.email)}`)).json()) as Array<{ text: string; status: string }>;
    const link = emails[0]?.text.match(/\/verify\/[A-Za-z0-9_-]+/)?.[0];
    // Delivered, not only queued: the sign-on's own delivery must not fall in the confirmation's window.
    if (link && emails[0].status !== "queued") return link;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("live: no verification email");
}

async function round(bench: Bench, count: number, windowSeconds: number) {
  const wsUrl = `${bench.product.url.replace(/^http/, "ws")}/api/campaigns/${SLUGS.live}/live`;
  const sockets = await openSockets(wsUrl, count);
  const link = await pendingLink(bench);
  await resetD1Stats(bench);
  const windowEnds = performance.now() + windowSeconds * 1000;
  const confirmedAt = performance.now();
  const confirmation = await fetch(bench.product.url + link, { method: "POST" });
  if (!confirmation.ok) throw new Error(`live: confirmation answered ${confirmation.status}`);
  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 10_000));
  const arrivals = await Promise.all(sockets.map(({ received }) => Promise.race([received, timeout])));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowEnds - performance.now())));
  const stats = await d1Stats(bench);
  for (const { socket } of sockets) socket.close();
  const delays = arrivals.filter((at) => !Number.isNaN(at)).map((at) => at - confirmedAt);
  return { delays, missed: count - delays.length, ...stats };
}

export async function liveScenario(bench: Bench) {
  const probe = await fetch(`${bench.product.url}/api/campaigns/${SLUGS.live}/live`);
  if (probe.status !== 426) {
    unavailable(SCENARIO, `GET /api/campaigns/:slug/live answered ${probe.status}, not 426`);
    return;
  }
  const window = seconds(bench, 60);
  const one = await round(bench, 1, window);
  const many = await round(bench, 200, window);
  const p99 = percentile(many.delays, 99);
  const scenario = `${SCENARIO}, ${window} s window`;
  add({ scenario, figure: "200 sockets: time until each has it, p99", product: p99, unit: "ms", target: "< 1000 ms", holds: p99 < 1000 && many.missed === 0 });
  add({ scenario, figure: "200 sockets: time until the last has it", product: Math.max(...many.delays), unit: "ms" });
  add({ scenario, figure: "200 sockets: sockets that never had it", product: many.missed, target: "0", holds: many.missed === 0 });
  add({ scenario, figure: "1 socket: time until it has it", product: one.delays[0] ?? "never", unit: "ms" });
  add({ scenario, figure: "D1 statements in the window, 1 socket", product: one.queries });
  add({
    scenario,
    figure: "the confirmation's D1 cost, 1 socket (announcement and email included)",
    product: `${one.roundTrips} round trips, ${one.rowsRead} rows read, ${one.rowsWritten} rows written`,
  });
  add({ scenario, figure: "D1 statements in the window, 200 sockets", product: many.queries, target: "same as 1 socket", holds: many.queries === one.queries });
}
