import { execFileSync } from "node:child_process";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, startLocalWorker, type LocalWorker } from "./local-worker.ts";

/** The Debian package's Chromium, driven by playwright-core. */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });

/** `wrangler dev` on a database of its own, seeded with the demo campaign `nals-2021` (73 signatories). */
export async function startSeededWorker(vars: Record<string, string> = {}): Promise<LocalWorker> {
  const worker = await startLocalWorker(vars);
  execFileSync(process.execPath, ["scripts/seed.ts", `--persist-to=${worker.persistTo}`], {
    env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: "ignore",
  });
  return worker;
}

/** The focused element, looking through shadow roots (document.activeElement stops at a host). */
export const focusedControl = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return { tag: active?.localName, name: active?.getAttribute("name"), text: active?.textContent?.trim() };
  });

/** Presses Tab until the control named `name` has focus, as a keyboard user would. */
export async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 40; presses++) {
    if ((await focusedControl(page)).name === name) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached the control named ${name}`);
}
