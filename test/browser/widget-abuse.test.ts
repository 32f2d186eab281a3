import type { Server } from "node:http";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { startTurnstileDouble } from "../doubles/turnstile.ts";
import { TURNSTILE_TEST_KEYS } from "../doubles/turnstile-keys.ts";
import { withinOneRateLimitWindow } from "../support/rate-limit-window.ts";
import { copyDemoCampaign } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

// One worker with Turnstile configured (Cloudflare's always-passing test keys, siteverify answered
// by the local double): every sign-on here, from the browser or from the test, carries a token.
let turnstile: { url: string; server: Server };
const session = usePartnerSession({
  vars: async () => {
    turnstile = await startTurnstileDouble();
    return { TURNSTILE_SITE_KEY: TURNSTILE_TEST_KEYS.passingSite, TURNSTILE_SECRET_KEY: TURNSTILE_TEST_KEYS.passingSecret, TURNSTILE_VERIFY_URL: turnstile.url };
  },
});

afterAll(() => turnstile?.server.close());

/**
 * Cloudflare's challenge script, answered at the network layer by a stand-in that renders a box
 * and hands out the documented dummy token, as the real widget does with the test site key.
 */
const FAKE_TURNSTILE = `window.turnstile = {
  render(container, options) {
    const box = document.createElement("p");
    box.className = "fake-turnstile";
    box.textContent = "Turnstile (" + options.sitekey + ", " + options.language + ")";
    container.append(box);
    setTimeout(() => options.callback("${TURNSTILE_TEST_KEYS.dummyToken}"), 50);
    return "challenge-1";
  },
  reset() {},
};`;

async function openPage(campaign: string, lang: string) {
  const page = await session.browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route("https://challenges.cloudflare.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: FAKE_TURNSTILE }),
  );
  await page.goto(`${session.partner.url}/?campaign=${campaign}&lang=${lang}`);
  await page.locator("undersigned-list li").first().waitFor();
  return { page, problems };
}

async function fillForm(page: Page, organization: string, email: string) {
  const form = page.locator("undersigned-form");
  await form.locator("input[name=organization]").fill(organization);
  await form.locator("input[name=contactName]").fill("Ana Pérez");
  await form.locator("input[name=email]").fill(email);
  await form.locator("input[name=authorized]").check();
  return form;
}

/** Signs on from outside the browser, as a partner's own tool would, and confirms by the emailed link. */
async function signAndConfirm(campaign: string, organization: string) {
  const email = `hostile-${crypto.randomUUID()}@example.org`;
  const response = await fetch(`${session.workerUrl}/api/campaigns/${campaign}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ organization, country: "MX", contactName: "Prueba", email, authorized: true, turnstileToken: TURNSTILE_TEST_KEYS.dummyToken }),
  });
  expect(response.status, await response.clone().text()).toBe(202);
  const [mail]: Array<{ text: string }> = await (await fetch(`${session.workerUrl}/dev/mailbox.json?to=${encodeURIComponent(email)}`)).json();
  const link = /https?:\/\/\S+\/verify\/[\w-]+/.exec(mail.text)![0];
  expect((await fetch(link, { method: "POST" })).status).toBe(200);
}

const HOSTILE_NAMES = [
  `<img src=x onerror="window.__pwned='img'">Colectivo`,
  `<script>window.__pwned='script'</script>Red`,
  `=HYPERLINK("https://evil.example","Haz clic")`,
  // Invisible characters are refused at sign-on now (test/worker/look-alikes.test.ts).
  `Colectivo «Comillas» & Cía.`,
  `${"Muy ".repeat(48)}Larga`,
];

describe("<undersigned-campaign> with Turnstile and hostile data", () => {
  it("shows hostile names from the list as plain text and runs none of them", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    for (const name of HOSTILE_NAMES) await signAndConfirm(campaign, name);
    const { page, problems } = await openPage(campaign, "es");
    const list = page.locator("undersigned-list");

    for (const name of HOSTILE_NAMES) {
      await list.locator("input[type=search]").fill(name.replace(/[^\p{L}]+/gu, " ").trim().split(" ").at(-1)!);
      await expect.poll(() => list.locator("li .name").allTextContents()).toContain(name);
    }
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await list.locator("li img, li script").count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("renders the challenge in the reader's language and sends its token with the sign-on", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page, problems } = await openPage(campaign, "fr");
    const email = `turnstile-${Date.now()}@example.org`;
    const form = await fillForm(page, "Collectif Turnstile", email);
    await expect.poll(() => form.locator(".fake-turnstile").textContent()).toBe(`Turnstile (${TURNSTILE_TEST_KEYS.passingSite}, fr)`);

    await form.locator("button[type=submit]").click();

    await form.locator("[part=pending]").waitFor();
    const mail = await (await fetch(`${session.workerUrl}/dev/mailbox.json?to=${encodeURIComponent(email)}`)).json();
    expect(mail).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("says in the reader's language when there were too many sign-ons, and keeps what was typed", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    // Spend this client's sign-on budget for the campaign (10 a minute) from outside the browser.
    await withinOneRateLimitWindow(30_000);
    for (let attempt = 0; attempt < 12; attempt++) {
      await fetch(`${session.workerUrl}/api/campaigns/${campaign}/signatures`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ organization: `Ráfaga ${attempt}`, contactName: "Bot", email: `burst${attempt}@example.org`, authorized: true, turnstileToken: TURNSTILE_TEST_KEYS.dummyToken }),
      });
    }
    const { page } = await openPage(campaign, "es");
    const form = await fillForm(page, "Colectivo Paciente", "paciente@example.org");
    await form.locator(".fake-turnstile").waitFor();
    await form.locator("button[type=submit]").click();

    await expect.poll(() => form.locator("[role=alert]").textContent()).toMatch(/^Demasiados intentos desde su conexión\. Espere \d+ segundos/);
    expect(await form.locator("input[name=organization]").inputValue()).toBe("Colectivo Paciente");
    await page.close();
  });
});
