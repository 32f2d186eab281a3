import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations as violations } from "./axe.ts";
import { copyDemoCampaign, openSession, seedOrganizer } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

// Accessibility as a test (issue 20): every page people open — the hosted page, the widget in each
// language, every section of the organizer console — passes axe-core with no violation at all, so
// that a change that adds one does not land. axe looks inside open shadow roots, where the widget
// and the console render. Each test seeds the campaign and organizer it audits.

const session = usePartnerSession({ console: true });

/**
 * A page of its own, in a context that ignores the pages' Content-Security-Policy: axe is injected as
 * an inline script, which our pages rightly refuse. With `sessionCookie`, signed in to the console.
 */
async function newPage(sessionCookie?: string) {
  const context = await session.browser.newContext({ bypassCSP: true, viewport: { width: 1000, height: 900 } });
  if (sessionCookie) await context.addCookies([{ name: "undersigned_session", value: sessionCookie, url: session.workerUrl, httpOnly: true, secure: true, sameSite: "Strict" }]);
  return context.newPage();
}

/** The server's HTML as a browser without JavaScript (or a crawler) shows it: its scripts left out, axe let in. */
async function violationsWithoutScript(url: string): Promise<string[]> {
  const html = await (await fetch(url)).text();
  const page = await newPage();
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "") }));
  await page.goto(url);
  const found = await violations(page);
  await page.context().close();
  return found;
}

const waitForWidget = (page: Page) => page.locator("undersigned-list li").first().waitFor();

describe("public pages", () => {
  it("the hosted page has no violation, as served (no script) and once the widget has taken over, in each language", async () => {
    const slug = await copyDemoCampaign(session.worker);
    for (const lang of ["en", "es", "fr"]) {
      const url = `${session.workerUrl}/c/${slug}?lang=${lang}`;
      expect(await violationsWithoutScript(url), `${url} without script`).toEqual([]);

      const page = await newPage();
      await page.goto(url);
      await waitForWidget(page);
      expect(await violations(page), `${url} with the widget`).toEqual([]);
      await page.context().close();
    }
  }, 120_000);

  it("the widget has no violation on a partner's page in English, Spanish and French, letter open, form refused", async () => {
    const slug = await copyDemoCampaign(session.worker);
    for (const lang of ["en", "es", "fr"]) {
      const url = `${session.partner.url}/?campaign=${slug}&lang=${lang}&letter=open`;
      const page = await newPage();
      await page.goto(url);
      await waitForWidget(page);
      expect(await violations(page), url).toEqual([]);

      // The form after a sign-on without its required fields: every error shown, every field marked.
      await page.locator("undersigned-form button[type=submit]").click();
      await page.locator("undersigned-form [aria-invalid=true]").first().waitFor();
      expect(await violations(page), `${url}, the form's errors shown`).toEqual([]);
      await page.context().close();
    }
  }, 120_000);

  it("the demo page has no violation in each of its languages", async () => {
    for (const lang of ["en", "es", "fr"]) {
      const page = await newPage();
      await page.goto(`${session.workerUrl}/?lang=${lang}`);
      await waitForWidget(page);
      expect(await violations(page), `/?lang=${lang}`).toEqual([]);
      await page.context().close();
    }
  }, 90_000);
});

describe("the signer's pages", () => {
  it("the page a verification link opens, and the one after confirming, have no violation", async () => {
    const slug = await copyDemoCampaign(session.worker);
    const email = `contacto-${slug}@fraymatias.example`;
    const signOn = await fetch(`${session.workerUrl}/api/campaigns/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ organization: `Centro Fray Matías ${slug}`, country: "MX", city: "Tapachula", website: "https://fraymatias.example", contactName: "Ana Pérez", email, locale: "es", authorized: true }),
    });
    expect(signOn.status).toBe(202);
    // The email goes out just after the answer: the local mailbox has it a moment later.
    const verificationLink = async () => {
      const emails: Array<{ text: string }> = await (await fetch(`${session.workerUrl}/dev/mailbox.json?to=${encodeURIComponent(email)}`)).json();
      return emails.map((mail) => /\/verify\/[\w-]+/.exec(mail.text)?.[0]).find(Boolean);
    };
    await expect.poll(verificationLink).toBeDefined();
    const link = await verificationLink();

    const page = await newPage();
    await page.goto(session.workerUrl + link);
    expect(await violations(page), "the verification page").toEqual([]);
    await page.getByRole("button").first().click();
    await page.waitForLoadState("load");
    expect(await violations(page), "after confirming").toEqual([]);
    await page.context().close();
  });
});

describe("organizer console", () => {
  it("the sign-in page has no violation", async () => {
    const page = await newPage();
    await page.goto(`${session.workerUrl}/admin`);
    await page.getByLabel("Email address").waitFor();
    expect(await violations(page), "/admin, signed out").toEqual([]);
    await page.context().close();
  });

  it("every section of a campaign, and the campaign list, have no violation", async () => {
    const slug = await copyDemoCampaign(session.worker);
    // Two signatures waiting for review, so that the review queue (its default filter) has entries to audit.
    await session.worker.sql(
      `UPDATE signatures SET status = 'held', published_at = NULL
       WHERE id IN (SELECT id FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?1) ORDER BY id LIMIT 2)`,
      [slug],
    );
    const organizer = await seedOrganizer(session.worker, slug);
    const page = await newPage(await openSession(session.worker, organizer));
    await page.goto(`${session.workerUrl}/admin`);
    await page.locator(`a[href="#${slug}"]`).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await violations(page), "/admin, the campaign list").toEqual([]);

    await page.getByRole("button", { name: "New campaign" }).click();
    await page.getByLabel("Slug (used in links)").waitFor();
    expect(await violations(page), "/admin, a new campaign's form").toEqual([]);

    // A fresh load: the campaign's own page of the console, not the form left open.
    await page.goto("about:blank");
    await page.goto(`${session.workerUrl}/admin#${slug}`);
    const tabs = page.getByRole("tab");
    await tabs.first().waitFor();
    const names = await tabs.allTextContents();
    // An owner sees every section; should there be fewer, a section went unaudited.
    expect(names.length).toBeGreaterThanOrEqual(11);
    const found: string[] = [];
    for (const name of names) {
      await page.getByRole("tab", { name: name.trim(), exact: true }).click();
      await expect.poll(() => page.getByRole("tab", { name: name.trim(), exact: true }).getAttribute("aria-selected")).toBe("true");
      // Each section loads what it shows: audited once the console has it on screen.
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(300);
      found.push(...(await violations(page)).map((violation) => `section "${name.trim()}": ${violation}`));
    }
    expect(found).toEqual([]);
    await page.context().close();
  }, 180_000);
});
