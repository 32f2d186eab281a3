// The letter's later life at scale: an update sent to 10,000 signatories (the request that writes it
// takes the first steps, the cron the rest, as in production) handed to the Resend double, and the
// delivery fingerprint over the 100,000 signatures of the large campaign, with the isolate's heap.
import { LARGE_COUNT, SLUGS, UPDATE_COUNT } from "../lib/data.ts";
import { d1Stats, resetD1Stats, seconds, type Bench } from "../lib/context.ts";
import { openInspector } from "../lib/inspector.ts";
import { add } from "../lib/report.ts";
import type { ResendWatch } from "../lib/resend.ts";

/** What the product answers at GET …/updates for one update (contract/letter-life.ts). */
interface UpdateView {
  id: number;
  status: "sending" | "sent";
  recipients: number;
  queued: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Fires the cron as Cloudflare would, through wrangler's scheduled endpoint (the one `wrangler dev`
 * prints, `/cdn-cgi/local/scheduled`; `/__scheduled` needs wrangler to bundle the Worker itself):
 * the answer comes once the Worker's `scheduled` handler has finished. Answers how long it ran.
 */
async function runCron(bench: Bench) {
  const started = performance.now();
  const response = await fetch(`${bench.product.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`the scheduled endpoint answered ${response.status}: ${text.slice(0, 200)}`);
  return performance.now() - started;
}

export async function updateScenario(bench: Bench, resend: ResendWatch) {
  // The cron runs every minute (wrangler.toml); a short run (BENCH_SCALE < 1) fires it more often.
  const interval = seconds(bench, 60);
  const scenario = `update to ${UPDATE_COUNT.toLocaleString("en")} signatories, handed to the Resend double; cron fired every ${interval} s through wrangler's scheduled endpoint`;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${bench.product.url}/api/admin/campaigns/${SLUGS.update}/updates${path}`, {
      ...init,
      headers: { authorization: `Bearer ${bench.token}`, "content-type": "application/json" },
    });

  // What a run of the cron costs with no update to send (retention, purges, the outbox's due emails):
  // the second of two runs, once whatever the earlier scenarios left due has gone.
  await runCron(bench);
  await resetD1Stats(bench);
  const idleMs = await runCron(bench);
  const idleStatements = (await d1Stats(bench)).queries;

  await resend.reset();
  await resetD1Stats(bench);
  const postedAt = performance.now();
  const posted = await admin("", {
    method: "POST",
    body: JSON.stringify({
      subject: { en: "The letter was delivered", es: "La carta fue entregada", fr: "La lettre a été remise" },
      body: {
        en: "Thank you for signing. **The letter was delivered** to the three governments this morning.\n\nWhat comes next: [the summit](https://example.org/summit).",
        es: "Gracias por firmar. **La carta fue entregada** esta mañana a los tres gobiernos.\n\nLo que sigue: [la cumbre](https://example.org/summit).",
        fr: "Merci d’avoir signé. **La lettre a été remise** ce matin aux trois gouvernements.\n\nLa suite : [le sommet](https://example.org/summit).",
      },
    }),
  });
  if (posted.status !== 202) throw new Error(`update: POST answered ${posted.status}: ${(await posted.text()).slice(0, 200)}`);
  const { id } = (await posted.json()) as UpdateView;
  const progress = async () => ((await (await admin("")).json()) as { items: UpdateView[] }).items.find((update) => update.id === id)!;

  const cronRuns: number[] = [];
  let firstCronAt = Number.POSITIVE_INFINITY;
  let update = await progress();
  while (update.status !== "sent" && cronRuns.length < 20) {
    await sleep(postedAt + (cronRuns.length + 1) * interval * 1000 - performance.now());
    firstCronAt = Math.min(firstCronAt, performance.now());
    cronRuns.push(await runCron(bench));
    update = await progress();
  }
  const stats = await d1Stats(bench);
  const log = await resend.log();
  const handed = log.delivered.length;
  const recipients = new Set(log.delivered.map((email) => String(email.body.to))).size;
  const requests = log.requests.length;
  const refused = log.requests.filter((request) => request.status !== 200).length;
  const lastAt = resend.lastAnswerAt();
  // The request's own steps (waitUntil) end with the last Resend answer before the first cron run.
  const requestSteps = Math.max(0, ...resend.answerTimes().filter((at) => at < firstCronAt)) - postedAt;

  add({ scenario, figure: "update's state when the bench stopped firing the cron", product: `${update.status}, ${update.queued} of ${update.recipients} queued`, target: "sent", holds: update.status === "sent" });
  add({
    scenario,
    figure: "emails handed to the Resend double (each recipient once)",
    product: `${handed} (${recipients} recipients)`,
    target: UPDATE_COUNT.toLocaleString("en"),
    holds: handed === UPDATE_COUNT && recipients === UPDATE_COUNT,
  });
  add({ scenario, figure: "time from the POST until the last email is handed to the Resend double", product: lastAt === undefined ? "never" : (lastAt - postedAt) / 1000, unit: "s" });
  add({ scenario, figure: `cron runs it took (after the request's own first steps)`, product: cronRuns.length });
  add({
    scenario,
    figure: "time the Worker spent sending: the request's first steps, then each cron run (the waits between runs left out)",
    product: `${(requestSteps / 1000).toFixed(1)} s + ${cronRuns.map((ms) => (ms / 1000).toFixed(1)).join(" s + ")} s`,
  });
  add({ scenario, figure: "Resend requests (not 200)", product: `${requests} (${refused})`, target: `${UPDATE_COUNT / 100} (100 emails a request), none refused`, holds: requests === UPDATE_COUNT / 100 && refused === 0 });
  add({
    scenario,
    figure: `D1 statements, the POST and every cron run until sent (an idle cron run: ${idleStatements} statements, ${(idleMs / 1000).toFixed(2)} s)`,
    product: stats.queries,
  });
  add({ scenario, figure: "D1 statements per email, the idle cron runs' own left out", product: (stats.queries - idleStatements * cronRuns.length) / UPDATE_COUNT });
  add({ scenario, figure: "D1 rows written per email (outbox row, unsubscribe link, sent mark, their indexes)", product: stats.rowsWritten / UPDATE_COUNT });
}

export async function fingerprintScenario(bench: Bench) {
  const scenario = `delivery fingerprint over ${LARGE_COUNT.toLocaleString("en")} signatures (POST …/delivery: the canonical text streamed through SHA-256, then the freeze)`;
  await resetD1Stats(bench);
  const inspector = await openInspector(bench.product.inspectorPort);
  let peakHeap = await inspector.heapUsed();
  const heapBefore = peakHeap;
  let running = true;
  const sampling = (async () => {
    while (running) {
      peakHeap = Math.max(peakHeap, await inspector.heapUsed());
      await sleep(20);
    }
  })();
  const started = performance.now();
  const response = await fetch(`${bench.product.url}/api/admin/campaigns/${SLUGS.large}/delivery`, {
    method: "POST",
    headers: { authorization: `Bearer ${bench.token}`, "content-type": "application/json" },
    body: JSON.stringify({ recipients: ["President of Mexico", "Prime Minister of Canada", "President of the United States"], method: "email" }),
  });
  const answer = (await response.json()) as { count?: number; fingerprint?: string };
  const elapsed = performance.now() - started;
  running = false;
  await sampling;
  inspector.close();
  if (!response.ok) throw new Error(`delivery answered ${response.status}: ${JSON.stringify(answer).slice(0, 200)}`);
  const { queries, rowsRead } = await d1Stats(bench);
  const peakMiB = peakHeap / 2 ** 20;
  add({ scenario, figure: "signatures fingerprinted", product: answer.count ?? "?", target: LARGE_COUNT.toLocaleString("en"), holds: answer.count === LARGE_COUNT });
  add({ scenario, figure: "time until the answer", product: elapsed / 1000, unit: "s" });
  add({ scenario, figure: `D1 rows read (${queries} statements)`, product: rowsRead });
  add({ scenario, figure: `peak JavaScript heap in use in the Worker's isolate (${(heapBefore / 2 ** 20).toFixed(1)} MiB before; V8 capped at 128 MiB, as on Workers)`, product: peakMiB, unit: "MiB", target: "< 128 MiB", holds: peakMiB < 128 });
}
