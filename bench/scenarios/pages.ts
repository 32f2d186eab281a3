// The pages people open, measured as browsers measure them: Lighthouse (its default, mobile
// preset: a mid-range phone's screen, simulated slow 4G and a 4× slower CPU) driving Debian's
// Chromium, on the hosted page of the demo letter, the demo partner page, and the hosted page of a
// letter with 1,000 signatories; each next to a static copy of itself (bench/lib/static-copy.ts),
// which no server could serve faster: what is left between the two is ours, what the copy scores
// too is the page's weight or this machine.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";
import { chromium } from "playwright-core";
import { SLUGS, PAGE_LETTER_COUNT } from "../lib/data.ts";
import type { Bench } from "../lib/context.ts";
import { add, addSection } from "../lib/report.ts";
import { saveStaticCopy, serveStaticCopy } from "../lib/static-copy.ts";
import { CHROMIUM_ARGS } from "../../test/browser/local-worker.ts";

const CHROMIUM = "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

interface Measured {
  scores: Record<(typeof CATEGORIES)[number], number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Scored audits that cost points, in the median run by performance: what to look at. */
  costs: string[];
  /** That run's whole report, kept with BENCH_KEEP. */
  report: Result;
}

export const PAGES = [
  { path: `/c/${SLUGS.list}`, label: `hosted page /c/${SLUGS.list} (73 signatories)`, targets: true },
  { path: "/", label: "demo partner page / (the widget)", targets: false },
  { path: `/c/${SLUGS.thousand}`, label: `hosted page of a letter with ${PAGE_LETTER_COUNT.toLocaleString("en")} signatories (/c/${SLUGS.thousand})`, targets: false },
] as const;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** `runs` Lighthouse runs of `url`, each figure their median. */
async function measure(port: number, url: string, runs: number): Promise<Measured> {
  const results: Result[] = [];
  for (let run = 0; run < runs; run++) {
    const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
    const lhr = result?.lhr;
    if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${lhr?.runtimeError?.message ?? "no result"}`);
    results.push(lhr);
  }
  const figure = (lhr: Result, id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const score = (lhr: Result, category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
  const performances = results.map((lhr) => score(lhr, "performance"));
  const middle = results[performances.indexOf(median(performances))] ?? results[0];
  return {
    scores: Object.fromEntries(CATEGORIES.map((category) => [category, median(results.map((lhr) => score(lhr, category)))])) as Measured["scores"],
    lcpMs: median(results.map((lhr) => figure(lhr, "largest-contentful-paint"))),
    tbtMs: median(results.map((lhr) => figure(lhr, "total-blocking-time"))),
    cls: median(results.map((lhr) => figure(lhr, "cumulative-layout-shift"))),
    costs: CATEGORIES.flatMap((category) =>
      middle.categories[category].auditRefs
        .filter((ref) => ref.weight > 0 && (middle.audits[ref.id].score ?? 1) < 0.9 && middle.audits[ref.id].scoreDisplayMode !== "notApplicable")
        .map((ref) => `${ref.id}${middle.audits[ref.id].displayValue ? ` (${middle.audits[ref.id].displayValue})` : ""}`),
    ),
    report: middle,
  };
}

const row = (page: string, servedBy: string, m: Measured) =>
  `| ${page} | ${servedBy} | ${CATEGORIES.map((category) => m.scores[category]).join(" | ")} | ${Math.round(m.lcpMs)} ms | ${Math.round(m.tbtMs)} ms | ${m.cls.toFixed(3)} |`;

export async function pagesScenario(bench: Bench, work: string) {
  // Three runs a page (their median) for a full run; one for a short one.
  const runs = bench.scale >= 1 ? 3 : 1;
  const { version } = createRequire(import.meta.url)("lighthouse/package.json") as { version: string };
  const scenario = `Lighthouse ${version}, mobile preset, hosted page /c/${SLUGS.list}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const copies = [];
  try {
    for (const [index, page] of PAGES.entries()) {
      const directory = join(work, `static-${index}`);
      await saveStaticCopy(browser, bench.product.url + page.path, directory);
      copies.push({ page, server: await serveStaticCopy(directory) });
    }
  } finally {
    await browser.close();
  }

  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox"] });
  const lines = [
    "| page | served by | performance | accessibility | best practices | SEO | largest contentful paint | total blocking time | cumulative layout shift |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const notes: string[] = [];
  try {
    for (const [index, { page, server }] of copies.entries()) {
      const product = await measure(chrome.port, bench.product.url + page.path, runs);
      const floor = await measure(chrome.port, server.url + page.path, runs);
      writeFileSync(join(work, `lighthouse-${index}-product.json`), JSON.stringify(product.report));
      writeFileSync(join(work, `lighthouse-${index}-copy.json`), JSON.stringify(floor.report));
      const misses = await server.misses();
      lines.push(row(page.label, "the product (`wrangler dev`)", product), row("", "its static copy (plain Node server, gzip)", floor));
      notes.push(`- ${page.label}: points lost by the product to ${product.costs.join(", ") || "nothing"}; by the copy to ${floor.costs.join(", ") || "nothing"}${misses.length ? `; the copy lacked ${misses.join(", ")}` : ""}.`);
      if (!page.targets) continue;
      const target = (figure: string, value: number, wanted: string, holds: boolean, floorValue: number) =>
        add({ scenario, figure: `${figure} (its static copy: ${floorValue})`, product: value, target: wanted, holds });
      target("performance", product.scores.performance, "≥ 95", product.scores.performance >= 95, floor.scores.performance);
      target("accessibility", product.scores.accessibility, "100", product.scores.accessibility === 100, floor.scores.accessibility);
      target("best practices", product.scores["best-practices"], "≥ 95", product.scores["best-practices"] >= 95, floor.scores["best-practices"]);
      target("SEO", product.scores.seo, "≥ 95", product.scores.seo >= 95, floor.scores.seo);
      add({ scenario, figure: `largest contentful paint (its static copy: ${Math.round(floor.lcpMs)} ms)`, product: product.lcpMs, unit: "ms" });
      add({ scenario, figure: `total blocking time (its static copy: ${Math.round(floor.tbtMs)} ms)`, product: product.tbtMs, unit: "ms" });
      add({ scenario, figure: `cumulative layout shift (its static copy: ${floor.cls.toFixed(3)})`, product: Number(product.cls.toFixed(3)) });
    }
  } finally {
    chrome.kill();
    await Promise.all(copies.map(({ server }) => server.stop()));
  }
  addSection(
    "Pages, measured with Lighthouse",
    [
      `${scenario.replace(/, hosted page .*$/, "")} (a phone's screen, simulated slow 4G, the CPU slowed 4×), driving Debian's Chromium (\`${CHROMIUM}\`, \`--headless=new\`); ${runs === 1 ? "one run" : `the median of ${runs} runs`} of each page. The static copy is every answer the page loaded (HTML, scripts, the API answers the widget read), saved and served by a plain Node server that only looks them up: no server does less, so it is the floor this machine sets. Targets (the hosted page): performance ≥ 95, accessibility 100, best practices ≥ 95, SEO ≥ 95.`,
      "",
      ...lines,
      "",
      ...notes,
    ].join("\n"),
  );
}
