import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { HOSTILE_LETTER, MARKDOWN_MARKERS, RICH_LETTER } from "../support/letters.ts";
import { signInConsole, seedOrganizer, unique } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

const session = usePartnerSession({ seeded: false });

/** An open campaign of the test's own whose letter is `body`. */
async function campaignWith(body: string) {
  const slug = unique("letter");
  await session.worker.sql(`INSERT INTO campaigns (slug, title, body, status, allowed_origins) VALUES (?, 'Letter to the Leaders', ?, 'open', '["*"]')`, [slug, body]);
  return slug;
}

/** What a reader sees of the letter's body: which element holds which text. */
const structureOf = (article: Locator, heading: string) =>
  article.evaluate((element, heading) => {
    const text = (selector: string) => [...element.querySelectorAll(selector)].map((found) => found.textContent?.replace(/\s+/g, " ").trim());
    return {
      heading: text(heading),
      strong: text("p > strong"),
      items: text("ol:not(.notes) > li"),
      links: [...element.querySelectorAll("a:not(sup a)")].map((link) => [link.getAttribute("href"), link.textContent]),
      quote: text("blockquote > p"),
      references: text("p > sup"),
      notes: text("ol.notes > li"),
      text: element.textContent ?? "",
    };
  }, heading);

const RICH_LETTER_SHOWN = {
  strong: ["end Title 42 expulsions"],
  items: ["Restore access to asylum at ports of entry.", "Stop expulsion flights."],
  links: [["https://example.org/report", "report"]],
  quote: ["Nobody should be sent back to danger."],
  references: ["1"],
  notes: ["Human Rights First, Human Rights Travesty, 2021."],
};

describe("a letter written in Markdown", () => {
  it("shows its heading, bold, numbered list, link, quote and footnote as such in the widget", async () => {
    const slug = await campaignWith(RICH_LETTER);
    const page = await session.browser.newPage({ viewport: { width: 375, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await page.goto(`${session.partner.url}/?campaign=${slug}&letter=open`);
    const article = page.locator("undersigned-campaign article");
    await article.locator("h4").waitFor();
    // The letter's title is the widget's h2: the body's "##" is an h4.
    const { text, ...shown } = await structureOf(article, "h4");

    expect(shown).toEqual({ heading: ["Our demand"], ...RICH_LETTER_SHOWN });
    expect(await article.locator("em").first().textContent()).toBe("asylum");
    expect(text).not.toMatch(MARKDOWN_MARKERS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the same on the hosted page without JavaScript", async () => {
    const slug = await campaignWith(RICH_LETTER);
    const context = await session.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();

    await page.goto(`${session.worker.url}/c/${slug}`);
    // The page's h1 is the title: the body's "##" is an h3.
    const { text, ...shown } = await structureOf(page.locator("article"), "h3");

    expect(shown).toEqual({ heading: ["Our demand"], ...RICH_LETTER_SHOWN });
    expect(text).not.toMatch(MARKDOWN_MARKERS);
    await context.close();
  });

  it("previews in the console's editor as signers will see it, while the organizer types", async () => {
    const slug = await campaignWith(RICH_LETTER);
    const organizer = await seedOrganizer(session.worker, slug);
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signInConsole(context, session.worker, organizer);
    const page = await context.newPage();

    await page.goto(`${session.worker.url}/admin#${slug}`);
    await page.getByRole("tab", { name: "Letter and settings" }).click();
    const preview = page.locator("us-letter-preview article");
    await preview.locator("h4").waitFor();
    const { text, ...shown } = await structureOf(preview, "h4");
    expect(shown).toEqual({ heading: ["Our demand"], ...RICH_LETTER_SHOWN });

    await page.getByLabel("Letter (Markdown)").fill("We **demand** [justice](javascript:alert(1)).");
    await expect.poll(() => preview.locator("strong").textContent()).toBe("demand");
    expect(await preview.textContent()).toBe("We demand justice.");
    expect(await preview.locator("a").count()).toBe(0);
    await context.close();
  });

  it("shows a script link and raw HTML as inert text", async () => {
    const slug = await campaignWith(HOSTILE_LETTER);
    const page = await session.browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    await page.goto(`${session.partner.url}/?campaign=${slug}&letter=open`);
    const article = page.locator("undersigned-campaign article");
    await article.getByText("Read the brief first.").waitFor();
    await article.getByText("Read the brief first.").click();
    const found = await article.evaluate((element) => ({
      links: element.querySelectorAll("a").length,
      active: element.querySelectorAll("script, img, iframe, [onerror]").length,
      text: element.textContent,
    }));

    expect(found.links).toBe(0);
    expect(found.active).toBe(0);
    expect(found.text).toContain("<script>window.pwned = true</script>");
    expect(found.text).toContain('<img src=x onerror="window.pwned = true">');
    expect(await page.evaluate(() => "pwned" in window)).toBe(false);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
