import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { copyDemoCampaign } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

// Issue 21 (the form within reach on a phone) and issue 18 (signers at risk), on a partner's page
// that embeds the widget with the README's two lines.

const session = usePartnerSession();

/** Published organizations named "Colectivo 0001"…, with `columns` set as given (`unnamed`, `authenticated`…). */
async function addSignatories(slug: string, count: number, prefix = "Colectivo", columns: Record<string, string | number> = {}) {
  const names = Object.keys(columns).map((column) => `, ${column}`).join("");
  const values = Object.values(columns).map((value) => `, ${typeof value === "number" ? value : `'${value}'`}`).join("");
  await session.worker.sql(
    `INSERT INTO signatures (id, campaign_id, name, sort_key, organization_key, look_alike_key, search_text, source, letter_version, status, verified_at, published_at${names})
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count}),
          entry(i, name) AS (SELECT i, '${prefix} ' || printf('%04d', i) FROM n)
     SELECT ?1 || '-${prefix.toLowerCase().replace(/\W/g, "-")}-' || i, (SELECT id FROM campaigns WHERE slug = ?1), name, lower(name), lower(name), lower(name), lower(name), 'seed', 1, 'published', 0, 0${values}
     FROM entry`,
    [slug],
  );
}

/** A shadow-piercing query's box in page coordinates. */
const boxOf = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((element) => {
    const { top, height } = element.getBoundingClientRect();
    return { top: top + window.scrollY, height };
  });

describe("<undersigned-campaign> on a phone", () => {
  it("puts the sign-on form within two screen heights of a 1,000-signatory campaign; the list scrolls in its box", async () => {
    const slug = await copyDemoCampaign(session.worker);
    await addSignatories(slug, 1000 - 73);
    const page = await session.browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${session.partner.url}/?campaign=${slug}`);
    await page.locator("undersigned-list li").first().waitFor();
    await expect.poll(() => page.locator("undersigned-count [part=count]").textContent()).toBe("1,000 signatories");

    const field = await boxOf(page, "undersigned-form input[name=organization]");
    expect(field.top + field.height).toBeLessThanOrEqual(2 * 667);
    // The whole page is about as wide as the phone: nothing overflows sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);

    // The list is a box of its own height that scrolls, reachable by keyboard, loading more as it scrolls.
    const list = page.locator("undersigned-list [part=list]");
    const box = await list.evaluate((element) => ({ client: element.clientHeight, scroll: element.scrollHeight, tabIndex: (element as HTMLElement).tabIndex }));
    expect(box.client).toBeLessThan(667);
    expect(box.scroll).toBeGreaterThan(box.client);
    expect(box.tabIndex).toBe(0);
    expect(await page.locator("undersigned-list li").count()).toBe(100);
    await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(() => page.locator("undersigned-list li").count()).toBe(200);
    await page.close();
  });

  it("leads with the letter's excerpt, whose toggle reads the whole letter, and a button to the form", async () => {
    const slug = await copyDemoCampaign(session.worker);
    const page = await session.browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${session.partner.url}/?campaign=${slug}`);
    await page.locator("undersigned-list li").first().waitFor();

    const toggle = page.getByRole("button", { name: "Read the whole letter" });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    const excerpt = await boxOf(page, "undersigned-campaign article");
    expect(excerpt.height).toBeLessThan(667 / 2);
    await toggle.click();
    const less = page.getByRole("button", { name: "Show less" });
    expect(await less.getAttribute("aria-expanded")).toBe("true");
    expect((await boxOf(page, "undersigned-campaign article")).height).toBeGreaterThan(3 * excerpt.height);

    await page.getByRole("button", { name: "Sign this letter" }).click();
    expect(await page.locator("undersigned-form input[name=organization]").evaluate((input) => input.matches(":focus"))).toBe(true);
    await page.close();
  });

  it("lets partners reorder the parts with ::part and order", async () => {
    const slug = await copyDemoCampaign(session.worker);
    const page = await session.browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${session.partner.url}/?campaign=${slug}`);
    await page.addStyleTag({ content: "undersigned-campaign::part(sign-on) { order: -1 }" });
    await page.locator("undersigned-list li").first().waitFor();

    const form = await boxOf(page, "undersigned-form");
    const letter = await boxOf(page, "undersigned-campaign [part=letter]");
    expect(form.top).toBeLessThan(letter.top);
    await page.close();
  });
});

describe("signers at risk in <undersigned-list> and <undersigned-form>", () => {
  it("marks confirmed entries, says how many asked not to be named, and sends the signer's wish", async () => {
    const slug = await copyDemoCampaign(session.worker);
    await session.worker.sql("UPDATE campaigns SET show_authenticity = 1 WHERE slug = ?1", [slug]);
    await addSignatories(slug, 1, "Aaa Confirmada", { authenticated: "domain" });
    await addSignatories(slug, 1, "Aaa Verificada", { authenticated: "organizer" });
    await addSignatories(slug, 2, "Aaa Reservada", { unnamed: 1 });
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${session.partner.url}/?campaign=${slug}&lang=es`);
    await page.locator("undersigned-list li").first().waitFor();

    const confirmed = page.locator("undersigned-list li", { hasText: "Aaa Confirmada 0001" });
    expect(await confirmed.getByRole("img").getAttribute("aria-label")).toBe("Confirmada desde su propio dominio");
    const checked = page.locator("undersigned-list li", { hasText: "Aaa Verificada 0001" });
    expect(await checked.getByRole("img").getAttribute("aria-label")).toBe("Verificada por el equipo organizador");
    expect(await page.locator("undersigned-list li", { hasText: "Aaa Reservada" }).count()).toBe(0);
    const campaign = await fetch(`${session.worker.url}/api/campaigns/${slug}?lang=es`).then((response) => response.json());
    const notes = page.locator("undersigned-list [part=note]");
    expect(await notes.allTextContents()).toEqual([campaign.unnamedNote, campaign.authenticityNote]);
    expect(campaign.unnamedNote).toContain("2");
    expect(await axeViolations(page)).toEqual([]);

    const form = page.locator("undersigned-form");
    const unnamed = form.getByLabel("No mostrar nuestro nombre públicamente (sí se contará la firma)");
    expect(await unnamed.isChecked()).toBe(false);
    await form.locator("input[name=organization]").fill("Colectivo en Riesgo");
    await form.locator("input[name=contactName]").fill("Ana");
    await form.locator("input[name=email]").fill(`ana+${Date.now()}@riesgo.example`);
    await form.locator("input[name=authorized]").check();
    await unnamed.check();
    const request = page.waitForRequest((sent) => sent.method() === "POST" && sent.url().endsWith(`/${slug}/signatures`));
    await form.locator("button[type=submit]").click();
    expect((await request).postDataJSON()).toMatchObject({ organization: "Colectivo en Riesgo", unnamed: true });
    await form.locator("[part=pending]").waitFor();
    expect(await session.worker.sql("SELECT unnamed FROM signatures WHERE name = 'Colectivo en Riesgo' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)", [slug])).toEqual([{ unnamed: 1 }]);
    await page.close();
  });

  it("shows no mark and no notes where the campaign has neither", async () => {
    const slug = await copyDemoCampaign(session.worker);
    await addSignatories(slug, 1, "Aaa Confirmada", { authenticated: "domain" });
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${session.partner.url}/?campaign=${slug}`);
    await page.locator("undersigned-list li").first().waitFor();

    expect(await page.locator("undersigned-list li", { hasText: "Aaa Confirmada 0001" }).getByRole("img").count()).toBe(0);
    expect(await page.locator("undersigned-list [part=note]").count()).toBe(0);
    expect(await page.locator("undersigned-form input[name=unnamed]").isChecked()).toBe(false);
    await page.close();
  });
});
