import { describe, expect, it } from "vitest";
import { buildWidget } from "../../scripts/build-widget.ts";
import { WIDGET_BUDGET_BYTES, firstLoadSizes } from "../../scripts/widget-size.ts";

describe("widget bundle", () => {
  it("stays within the first-load budget in every language, Lit included", async () => {
    const sizes = firstLoadSizes(await buildWidget());

    expect(Object.keys(sizes).sort()).toEqual(["en", "es", "fr"]);
    for (const [language, bytes] of Object.entries(sizes)) expect(bytes, `${language}: ${bytes} bytes gzipped`).toBeLessThanOrEqual(WIDGET_BUDGET_BYTES);
  });
});
