import { chromium, type Browser, type Page } from "playwright-core";

/** The Debian package's Chromium, driven by playwright-core. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });

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
