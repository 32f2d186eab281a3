import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * axe-core's violations on the page as it is now, one line each: rule, impact, what it asks, where
 * (`>>>` crosses into a shadow root). axe is injected as an inline script: a page whose
 * Content-Security-Policy refuses those must be opened in a context with `bypassCSP`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => `${node.target.join(" >>> ")}${node.failureSummary ? ` [${node.failureSummary.replace(/\s+/g, " ").trim()}]` : ""}`).join("; ")}`,
    );
  });
}
