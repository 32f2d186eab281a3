// The widget: its gzipped size, as served from public/widget.js.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { add, unavailable } from "../lib/report.ts";
import { ROOT } from "../lib/workers.ts";

const SCENARIO = "widget";

export function widgetScenario() {
  const file = join(ROOT, "public/widget.js");
  if (!existsSync(file)) {
    unavailable(SCENARIO, "public/widget.js is not built (npm run build)");
    return;
  }
  const kilobytes = gzipSync(readFileSync(file), { level: 9 }).byteLength / 1024;
  add({ scenario: SCENARIO, figure: "public/widget.js gzipped", product: kilobytes, unit: "KiB", target: "≤ 15 KiB", holds: kilobytes <= 15 });
}
