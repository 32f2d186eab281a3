// The public list: the first page with the cache cold and warm; then a campaign of 100,000
// signatures, its first page against its last in collation order, and its CSV export.
import { BASELINE_CAMPAIGNS, LARGE_COUNT, SLUGS, bulkRow } from "../lib/data.ts";
import { d1PerRequest, d1Stats, resetD1Stats, seconds, type Bench } from "../lib/context.ts";
import { load, type LoadResult } from "../lib/load.ts";
import { add } from "../lib/report.ts";
import { openInspector } from "../lib/inspector.ts";

const PAGE_SIZE = 50;
let partner = 0;
/** A cold read: an Origin never seen before, so the location's cached copy cannot answer it. */
const newOrigin = () => `https://partner-${++partner}.example`;

async function productPages(bench: Bench, path: string, cold: boolean, duration: number): Promise<LoadResult> {
  const warmOrigin = "https://partner.example";
  if (!cold) await fetch(bench.product.url + path, { headers: { origin: warmOrigin } });
  return load({
    url: bench.product.url,
    connections: 10,
    duration,
    requests: [{ method: "GET", path, setupRequest: (request) => ({ ...request, headers: { origin: cold ? newOrigin() : warmOrigin } }) }],
  });
}

const rowsReadPerRequest = async (bench: Bench, path: string, cold: boolean) => {
  const read = () => fetch(bench.product.url + path, { headers: { origin: cold ? newOrigin() : "https://partner.example" } }).then((r) => r.arrayBuffer());
  // Warm means the copy is there: fetched once first, as the warm load's first request did.
  if (!cold) await read();
  return d1PerRequest(bench, 20, read);
};

const baselineRowsRead = async (bench: Bench, path: string) => Number((await fetch(bench.baseline.url + path)).headers.get("x-d1-rows-read"));

export async function listScenario(bench: Bench) {
  const duration = seconds(bench, 10);
  const path = `/api/campaigns/${SLUGS.list}/signatures`;
  const basePath = `/campaigns/${BASELINE_CAMPAIGNS.list}/signatures`;
  const cold = await productPages(bench, path, true, duration);
  await resetD1Stats(bench);
  const warm = await productPages(bench, path, false, duration);
  // Over the whole warm load, its first request (which makes the copy) included.
  const warmLoadStatements = (await d1Stats(bench)).queries;
  const baseline = await load({ url: bench.baseline.url + basePath, connections: 10, duration });
  // The baseline's answer to an unknown path touches nothing: what this machine's workerd serves at most.
  const ceiling = await load({ url: `${bench.baseline.url}/nothing`, connections: 10, duration, expected: 404 });
  const coldRows = (await rowsReadPerRequest(bench, path, true)).rowsRead;
  const warmCost = await rowsReadPerRequest(bench, path, false);
  const baseRows = await baselineRowsRead(bench, basePath);

  const scenario = `public list, first page (${PAGE_SIZE} of 73), 10 connections, ${duration} s each`;
  add({ scenario, figure: "cold: requests/s", product: cold.perSecond, baseline: baseline.perSecond });
  add({ scenario, figure: "cold: latency p99", product: cold.p99, baseline: baseline.p99, unit: "ms" });
  add({ scenario, figure: "cold: D1 rows read per request", product: coldRows, baseline: baseRows, target: `≤ ${PAGE_SIZE + 2}`, holds: coldRows <= PAGE_SIZE + 2 });
  add({ scenario, figure: "warm: requests/s", product: warm.perSecond, baseline: baseline.perSecond });
  add({ scenario, figure: "warm ÷ cold, requests/s", product: warm.perSecond / cold.perSecond });
  add({
    scenario,
    figure: `warm: requests/s ÷ a Worker answering without any I/O (the baseline's 404: ${Math.round(ceiling.perSecond)} requests/s)`,
    product: warm.perSecond / ceiling.perSecond,
    target: "≥ 0.7",
    holds: warm.perSecond >= 0.7 * ceiling.perSecond,
  });
  add({ scenario, figure: "warm: latency p99", product: warm.p99, baseline: baseline.p99, unit: "ms" });
  add({ scenario, figure: "warm: D1 statements per request (20 in a row, the copy fresh)", product: warmCost.queries, target: "0", holds: warmCost.queries === 0 });
  add({ scenario, figure: "warm: D1 rows read per request (the same 20)", product: warmCost.rowsRead, baseline: baseRows, target: "0", holds: warmCost.rowsRead === 0 });
  add({ scenario, figure: `warm: D1 statements over the whole warm load of ${warm.requests.toLocaleString("en")} requests, its first request's included`, product: warmLoadStatements });
  add({ scenario, figure: "errors (not 200), cold + warm", product: cold.errors + warm.errors, baseline: baseline.errors, target: "0", holds: cold.errors + warm.errors === 0 });
}

/** The cursor the API gives after a row: base64url of JSON [sortKey, id] (worker/lib/cursor.ts). */
const cursorAfter = (row: { sortKey: string; id: string }) => Buffer.from(JSON.stringify([row.sortKey, row.id])).toString("base64url");

export async function largeCampaignScenario(bench: Bench) {
  const duration = seconds(bench, 10);
  const first = `/api/campaigns/${SLUGS.large}/signatures`;
  const firstPage = (await (await fetch(bench.product.url + first)).json()) as { count: number; nextCursor: string };
  if (firstPage.count !== LARGE_COUNT || firstPage.nextCursor !== cursorAfter(bulkRow(PAGE_SIZE))) {
    throw new Error(`the large campaign or the cursor format is not what the bench expects: ${JSON.stringify(firstPage).slice(0, 200)}`);
  }
  const lastRow = bulkRow(LARGE_COUNT - PAGE_SIZE);
  const last = `${first}?cursor=${cursorAfter(lastRow)}`;
  const basePath = `/campaigns/${BASELINE_CAMPAIGNS.large}/signatures`;
  const baseLast = `${basePath}?after=${encodeURIComponent(`${lastRow.sortKey}|${lastRow.id}`)}`;

  const start = await productPages(bench, first, true, duration);
  const end = await productPages(bench, last, true, duration);
  const baseStart = await load({ url: bench.baseline.url + basePath, connections: 10, duration });
  const baseEnd = await load({ url: bench.baseline.url + baseLast, connections: 10, duration });
  const startRows = (await rowsReadPerRequest(bench, first, true)).rowsRead;
  const endRows = (await rowsReadPerRequest(bench, last, true)).rowsRead;

  const scenario = `campaign of ${LARGE_COUNT.toLocaleString("en")} signatures, cold pages, 10 connections, ${duration} s each`;
  add({ scenario, figure: "first page: requests/s", product: start.perSecond, baseline: baseStart.perSecond });
  add({ scenario, figure: "last page: requests/s", product: end.perSecond, baseline: baseEnd.perSecond });
  add({ scenario, figure: "last page ÷ first page, requests/s", product: end.perSecond / start.perSecond, baseline: baseEnd.perSecond / baseStart.perSecond, target: "≈ 1 (≥ 0.8)", holds: end.perSecond >= 0.8 * start.perSecond });
  add({ scenario, figure: "first page: latency p99", product: start.p99, baseline: baseStart.p99, unit: "ms" });
  add({ scenario, figure: "last page: latency p99", product: end.p99, baseline: baseEnd.p99, unit: "ms" });
  add({ scenario, figure: "first page: D1 rows read per request", product: startRows, baseline: await baselineRowsRead(bench, basePath) });
  add({ scenario, figure: "last page: D1 rows read per request", product: endRows, baseline: await baselineRowsRead(bench, baseLast), target: "first page's ± 2", holds: Math.abs(endRows - startRows) <= 2 });
  add({ scenario, figure: "errors (not 200)", product: start.errors + end.errors, baseline: baseStart.errors + baseEnd.errors, target: "0", holds: start.errors + end.errors === 0 });
  await csvExport(bench, scenario);
}

async function csvExport(bench: Bench, scenario: string) {
  await resetD1Stats(bench);
  const inspector = await openInspector(bench.product.inspectorPort);
  let peakHeap = await inspector.heapUsed();
  let exporting = true;
  const sampling = (async () => {
    while (exporting) {
      peakHeap = Math.max(peakHeap, await inspector.heapUsed());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const response = await fetch(`${bench.product.url}/api/admin/campaigns/${SLUGS.large}/export?format=csv`, {
    headers: { authorization: `Bearer ${bench.token}` },
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of (response.body ?? []) as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const byte of chunk) if (byte === 10) lines += 1;
  }
  const elapsed = performance.now() - started;
  exporting = false;
  await sampling;
  inspector.close();
  if (!response.ok) {
    add({ scenario, figure: "CSV export", product: `not available (answered ${response.status})` });
    return;
  }
  const { queries, rowsRead } = await d1Stats(bench);
  const peakMiB = peakHeap / 2 ** 20;
  add({ scenario, figure: `CSV export: time to last byte (${lines.toLocaleString("en")} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB)`, product: elapsed / 1000, unit: "s" });
  add({ scenario, figure: `CSV export: D1 rows read (${queries} statements)`, product: rowsRead, target: `≈ ${LARGE_COUNT.toLocaleString("en")}`, holds: rowsRead < LARGE_COUNT * 1.1 });
  add({
    scenario,
    figure: "CSV export: peak JavaScript heap in use in the Worker's isolate (V8 capped at 128 MiB, as on Workers)",
    product: peakMiB,
    unit: "MiB",
    target: "< 128 MiB",
    holds: peakMiB < 128,
  });
}
