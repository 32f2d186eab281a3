// Widget figures: first-load size per language, and how long <undersigned-list> takes to render
// 1,000 and 10,000 signatories in Chromium, after a warm-up render (time to the first chunk laid
// out, time to all, and the longest task meanwhile). `node bench/widget.ts` prints them;
// benchWidget() returns them.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWidget } from "../scripts/build-widget.ts";
import { firstLoadSizes } from "../scripts/widget-size.ts";
import { launchChromium } from "../test/browser/chromium.ts";

export interface ListRender {
  entries: number;
  /** From setting the entries to the first chunk rendered and laid out. */
  firstChunkMs: number;
  /** From setting the entries to every entry in the DOM and laid out. */
  allMs: number;
  /** The longest task Chromium reported meanwhile (0 when none reached 50 ms). */
  longestTaskMs: number;
}

export interface WidgetFigures {
  firstLoadBytesGzipped: Record<string, number>;
  renders: ListRender[];
}

const PUBLIC = fileURLToPath(new URL("../public/", import.meta.url));

export async function benchWidget(sizes = [1_000, 10_000]): Promise<WidgetFigures> {
  const build = await buildWidget();
  // The built files as a static site: the list gets its entries directly, without the API.
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://bench").pathname;
    if (path === "/") {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(`<!doctype html><html lang="en"><script type="module" src="/widget.js"></script><body><undersigned-list></undersigned-list>`);
      return;
    }
    try {
      const body = readFileSync(PUBLIC + path.slice(1));
      response.writeHead(200, { "Content-Type": extname(path) === ".js" ? "text/javascript" : "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await launchChromium();
  try {
    const renders: ListRender[] = [];
    for (const entries of sizes) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      await page.locator("undersigned-list input[type=search]").waitFor();
      renders.push(
        await page.evaluate(async (entries) => {
          const list = document.querySelector("undersigned-list") as HTMLElement & { items: unknown[]; updateComplete: Promise<boolean> };
          const countries = ["MX", "US", "GT", "CA", "HN", "SV"];
          const items = Array.from({ length: entries }, (_, i) => ({
            id: `bench-${i}`,
            kind: "organization",
            name: `Organización ${String(i).padStart(5, "0")} por los Derechos Humanos, A.C.`,
            organization: null,
            city: i % 3 ? "Tapachula" : null,
            region: i % 3 ? "Chiapas" : null,
            country: countries[i % countries.length],
            website: null,
            members: i % 10 ? [] : ["Colectivo Uno", "Colectivo Dos"],
            signedAt: "2021-11-18T12:00:00.000Z",
          }));
          const rendered = () => list.shadowRoot!.querySelectorAll("li").length;
          // Warm-up: the first render of a page pays for compiling the code; the figures are for a warm one.
          list.items = items.slice(0, 1000).map((item) => ({ ...item, id: `warm-${item.id}` }));
          while (rendered() < 1000) await new Promise(requestAnimationFrame);
          list.items = [];
          await list.updateComplete;
          await new Promise((resolve) => setTimeout(resolve, 200));
          let longestTaskMs = 0;
          const observer = new PerformanceObserver((found) => found.getEntries().forEach((task) => (longestTaskMs = Math.max(longestTaskMs, task.duration))));
          observer.observe({ type: "longtask" });
          const start = performance.now();
          list.items = items;
          await list.updateComplete;
          list.shadowRoot!.querySelector("ul")!.getBoundingClientRect();
          const firstChunkMs = performance.now() - start;
          while (rendered() < entries) await new Promise(requestAnimationFrame);
          list.shadowRoot!.querySelector("ul")!.getBoundingClientRect();
          const allMs = performance.now() - start;
          await new Promise((resolve) => setTimeout(resolve, 100));
          observer.disconnect();
          return { entries, firstChunkMs, allMs, longestTaskMs };
        }, entries),
      );
      await page.close();
    }
    return { firstLoadBytesGzipped: firstLoadSizes(build), renders };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await benchWidget(), null, 2));
