// `npm run bench`: measures Undersigned against the least Workers + D1 can do, on this machine.
//
// Starts the product (wrangler dev in development mode, for the local mailbox, and with D1_STATS=on
// for the D1 counter at /dev/stats) and the baseline Worker (bench/baseline) on fresh local
// databases and free ports, runs every scenario bounded in time, checks in D1 that no accepted
// sign-on was lost, prints the table and writes it into BENCHMARKS.md. BENCH_SCALE=0.1 runs every
// scenario for a tenth of its time.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Bench } from "./lib/context.ts";
import { BASELINE_CONFIG, PRODUCT_CONFIG, prepareBaseline, prepareProduct } from "./lib/data.ts";
import { add, machine, rows, sections, table } from "./lib/report.ts";
import { BENCH_RESEND_KEY, startResendWatch } from "./lib/resend.ts";
import { ENV, ROOT, queryLocal, snapshotProduct, startWorker } from "./lib/workers.ts";
import { burstScenario } from "./scenarios/burst.ts";
import { fingerprintScenario, updateScenario } from "./scenarios/letter.ts";
import { largeCampaignScenario, listScenario } from "./scenarios/lists.ts";
import { liveScenario } from "./scenarios/live.ts";
import { pagesScenario } from "./scenarios/pages.ts";
import { signOnScenario } from "./scenarios/sign-on.ts";
import { widgetScenario } from "./scenarios/widget.ts";

const scale = Number(process.env.BENCH_SCALE ?? "1");
if (!(scale > 0)) throw new Error("BENCH_SCALE must be a positive number");

const work = mkdtempSync(join(tmpdir(), "undersigned-bench-"));
const productData = join(work, "product");
const baselineData = join(work, "baseline");
mkdirSync(productData);
mkdirSync(baselineData);
const step = (message: string) => console.error(`[bench] ${message}`);

const started = machine();
const loadAtStart = loadavg().map((value) => value.toFixed(2)).join(" ");
step(`scale ${scale}; preparing databases in ${work}`);
const token = prepareProduct(productData);
prepareBaseline(baselineData);
// The worker serves public/ (the console, the widget once built) as static assets: build them as deploys do.
execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, env: ENV, stdio: ["ignore", "ignore", "inherit"] });
// Measured as it is now, whatever is edited meanwhile: the Worker bundled once, the assets copied.
const productArgs = snapshotProduct(PRODUCT_CONFIG, join(work, "snapshot"));

step("starting the product and the baseline");
const starting = await Promise.allSettled([
  startWorker({ config: PRODUCT_CONFIG, persistTo: productData, vars: ["ENVIRONMENT:development", "D1_STATS:on"], args: productArgs, log: join(work, "product.log") }),
  startWorker({ config: BASELINE_CONFIG, persistTo: baselineData, log: join(work, "baseline.log") }),
]);
// One that did not start must not leave the other running.
const failedToStart = starting.find((result) => result.status === "rejected");
if (failedToStart) {
  await Promise.all(starting.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)));
  throw failedToStart.reason;
}
const [product, baseline] = starting.map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof startWorker>>>).value);
const bench: Bench = { product, baseline, token, scale, accepted: new Map() };

const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());

/** Runs one scenario; one that fails (a route changed shape, say) must not cost the rest of the table. */
async function attempt(name: string, scenario: () => Promise<unknown>) {
  if (only && !only.includes(name)) return;
  step(name);
  try {
    await scenario();
  } catch (error) {
    console.error(error);
    add({ scenario: name, figure: "failed", product: String((error as Error).message ?? error).slice(0, 200) });
    process.exitCode = 1;
  }
}

try {
  await attempt("sign-on", () => signOnScenario(bench));
  await attempt("public list", () => listScenario(bench));
  await attempt("large campaign", () => largeCampaignScenario(bench));
  await attempt("live fan-out", () => liveScenario(bench));
  await attempt("burst", () => burstScenario(bench));
} finally {
  step("stopping the workers");
  await Promise.all([product.stop(), baseline.stop()]);
}

// The letter's later life and the pages: the product again, on the same database, now sending email
// through the Resend double (the scenarios above keep the local mailbox, which the live one reads,
// and no Resend server in this process competing with the load for its thread). The bench fires the
// cron through wrangler's scheduled endpoint (/cdn-cgi/local/scheduled), as Cloudflare would.
const later = ["update", "fingerprint", "pages"];
if (!only || only.some((name) => later.includes(name))) {
  const resend = await startResendWatch();
  step("starting the product again, sending through the Resend double");
  const letterProduct = await startWorker({
    config: PRODUCT_CONFIG,
    persistTo: productData,
    vars: ["ENVIRONMENT:development", "D1_STATS:on", `RESEND_API_KEY:${BENCH_RESEND_KEY}`, `RESEND_BASE_URL:${resend.url}`],
    args: productArgs,
    log: join(work, "product-letter.log"),
  });
  const letterBench: Bench = { ...bench, product: letterProduct };
  try {
    await attempt("update", () => updateScenario(letterBench, resend));
    await attempt("fingerprint", () => fingerprintScenario(letterBench));
    await attempt("pages", () => pagesScenario(letterBench, work));
  } finally {
    await letterProduct.stop();
    await resend.close();
  }
}
// The widget needs no worker: measured with both stopped, so that Chromium has the cores.
await attempt("widget", () => widgetScenario());

step("checking every accepted sign-on in D1");
for (const [slug, { scenario, emails: accepted }] of bench.accepted) {
  const stored = queryLocal<{ email: string; emails: number }>(
    PRODUCT_CONFIG,
    productData,
    `SELECT s.email, (SELECT count(*) FROM outbox o WHERE o.signature_id = s.id AND o.template = 'verify') AS emails
     FROM signatures s JOIN campaigns c ON c.id = s.campaign_id WHERE c.slug = '${slug}'`,
  );
  const byEmail = new Map(stored.map((row) => [row.email, row.emails]));
  const missing = [...accepted].filter((email) => !byEmail.has(email)).length;
  const withoutEmail = [...accepted].filter((email) => !byEmail.get(email)).length;
  add({ scenario, figure: "accepted sign-ons missing from D1", product: missing, target: "0", holds: missing === 0 });
  add({ scenario, figure: "accepted sign-ons without a verification email in the outbox", product: withoutEmail, target: "0", holds: withoutEmail === 0 });
}

const result = table();
console.log(`\n${result}\n`);
const header = [
  "# Benchmarks",
  "",
  "Written by `npm run bench` (see [bench/README.md](bench/README.md)). Every figure is measured on one machine, over",
  "loopback, against `wrangler dev` (workerd, local D1 as SQLite); the baseline column is a Worker doing the least the",
  "platform allows for the same work, run in the same session, so the ratio is what carries over to another machine.",
  "",
  `- date: ${started.date}`,
  `- scale: BENCH_SCALE=${scale}${scale < 1 ? " (a short run: each scenario ran for a fraction of its full time; indicative only)" : ""}`,
  `- Node ${started.node}, wrangler ${started.wrangler}`,
  `- ${started.cores} cores, ${started.cpu}; load average at start ${loadAtStart}, at the end ${loadavg().map((value) => value.toFixed(2)).join(" ")}`,
  ...(process.env.BENCH_NOTE ? [`- note: ${process.env.BENCH_NOTE}`] : []),
  "",
  "",
];
const footer = [
  "",
  "Local D1 is SQLite inside workerd, with no network between Worker and database: a round trip costs far less",
  "than on Cloudflare, so what saves round trips (the cache, batching) shows smaller gains here than it has there.",
  "Statement and row counts do not depend on the machine. What they mean for one D1 database: [docs/scale.md](docs/scale.md).",
];
const extra = sections.map(({ title, markdown }) => `\n## ${title}\n\n${markdown}\n`).join("");
writeFileSync(join(ROOT, "BENCHMARKS.md"), `${header.join("\n")}${result}\n${footer.join("\n")}\n${extra}`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, `bench/results/${started.date.replace(/[:.]/g, "-")}.json`), JSON.stringify({ ...started, scale, rows, sections }, null, 2));
if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
step(`wrote BENCHMARKS.md${process.env.BENCH_KEEP ? `; kept ${work}` : ""}`);
