// The widget (issue 3), through bench/widget.ts: first-load size per language, and the list
// rendering 1,000 and 10,000 signatories in Chromium (entries set directly, after a warm-up).
import { benchWidget } from "../widget.ts";
import { add } from "../lib/report.ts";
import { WIDGET_BUDGET_BYTES } from "../../scripts/widget-size.ts";

const SCENARIO = "widget";

export async function widgetScenario() {
  const { firstLoadBytesGzipped, renders } = await benchWidget([1_000, 10_000]);
  for (const [language, bytes] of Object.entries(firstLoadBytesGzipped)) {
    add({
      scenario: SCENARIO,
      figure: `first load gzipped (${language})`,
      product: bytes,
      unit: "bytes",
      target: `≤ ${WIDGET_BUDGET_BYTES.toLocaleString("en")} bytes (${WIDGET_BUDGET_BYTES / 1000} kB)`,
      holds: bytes <= WIDGET_BUDGET_BYTES,
    });
  }
  for (const render of renders) {
    const scenario = `${SCENARIO}: <undersigned-list> rendering ${render.entries.toLocaleString("en")} signatories in Chromium`;
    add({ scenario, figure: "first chunk laid out", product: render.firstChunkMs, unit: "ms" });
    add({
      scenario,
      figure: "every entry laid out",
      product: render.allMs,
      unit: "ms",
      ...(render.entries === 1_000 ? { target: "< 50 ms", holds: render.allMs < 50 } : {}),
    });
    add({
      scenario,
      figure: "longest task (0: none of 50 ms or more)",
      product: render.longestTaskMs,
      unit: "ms",
      ...(render.entries === 10_000 ? { target: "≤ 200 ms", holds: render.longestTaskMs <= 200 } : {}),
    });
  }
}
