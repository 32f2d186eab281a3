// Writes docs/widget-en.png, -es.png and -fr.png: the demo page's widget in each language, in
// Chromium against `wrangler dev` with the demo campaign (the README shows them).
import { buildWidget } from "./build-widget.ts";
import { launchChromium, startSeededWorker } from "../test/browser/chromium.ts";

await buildWidget();
const worker = await startSeededWorker();
const browser = await launchChromium();
try {
  for (const lang of ["en", "es", "fr"]) {
    const page = await browser.newPage({ viewport: { width: 820, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${worker.url}/?lang=${lang}`);
    await page.locator("undersigned-list li").nth(20).waitFor();
    await page.locator("undersigned-campaign").screenshot({ path: `docs/widget-${lang}.png` });
    await page.close();
    console.log(`docs/widget-${lang}.png`);
  }
} finally {
  await browser.close();
  await worker.stop();
}
