import type { Page, Response } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { focusedControl, tabTo } from "./chromium.ts";
import { copyDemoCampaign, seedOrganizer } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

const CANADIAN_SIGNATORIES = ["Peace Brigades International-Canada"];
const session = usePartnerSession();

/** The partner's page embedding `campaign`, with the page options of partner-site.ts (`lang=es&parts`). */
const partnerPage = (campaign: string, options: string) => `${session.partner.url}/?campaign=${campaign}&${options}`;

/** Opens a partner page and waits for the widget's list; collects the page's uncaught errors. */
async function openPartnerPage(campaign: string, options: string) {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(partnerPage(campaign, options));
  await page.locator("undersigned-list li").first().waitFor();
  return { page, errors };
}

const countText = (page: Page) => page.locator("undersigned-count [part=count]").textContent();

/** The verification link the local mailbox holds for `email`, as the signer would get it. */
async function verificationLink(email: string): Promise<string> {
  const emails: Array<{ text: string }> = await fetch(`${session.workerUrl}/dev/mailbox.json?to=${encodeURIComponent(email)}`).then((r) => r.json());
  const link = emails.map((mail) => /https?:\/\/\S+\/verify\/[\w-]+/.exec(mail.text)?.[0]).find(Boolean);
  if (!link) throw new Error(`no verification email for ${email}`);
  return link;
}

describe("<undersigned-campaign> on a partner's page (another origin)", () => {
  it("shows the count and the list, coalition members included", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page, errors } = await openPartnerPage(campaign, "lang=en");

    expect(await countText(page)).toBe("73 signatories");
    expect(await page.locator("undersigned-list li").count()).toBe(73);
    // The seed keeps this name as its signer typed it, with a combining accent (NFD).
    const coalition = await page.locator("undersigned-list li", { hasText: "Migratoria-GTPM" }).textContent();
    expect(coalition?.normalize()).toContain("Members: Aldeas Infantiles SOS México, I.A.P., Alianza Américas");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the letter in the page's language when the campaign has the translation", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=es&letter=open");

    await expect(page.locator("undersigned-campaign [part=letter] h2").textContent()).resolves.toMatch(/^Carta/);
    const toggle = page.locator("undersigned-campaign [part=letter-toggle]");
    expect(await toggle.textContent()).toBe("Mostrar menos");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    // Screen readers speak each part in the language it is in: this translation has no body.
    const languages = await page.locator("undersigned-campaign article").evaluate((article) =>
      Object.fromEntries(["h2", "p:has(br)", "p:last-child"].map((part) => [part, article.querySelector(part)!.closest("[lang]")!.getAttribute("lang")])),
    );
    expect(languages).toEqual({ h2: "es", "p:has(br)": "es", "p:last-child": "en" });
    await page.close();
  });

  it("has no accessibility violations (axe-core)", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    for (const query of ["lang=en", "lang=fr&letter=open"]) {
      const { page } = await openPartnerPage(campaign, query);
      expect(await axeViolations(page), query).toEqual([]);
      await page.close();
    }
  });

  it("renders as designed when the page's CSS styles every element with !important", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=en&hostile");

    const styles = await page.evaluate(() => {
      const list = document.querySelector("undersigned-campaign")!.shadowRoot!.querySelector("undersigned-list")!.shadowRoot!;
      const form = document.querySelector("undersigned-campaign")!.shadowRoot!.querySelector("undersigned-form")!.shadowRoot!;
      const style = (element: Element) => {
        const { display, fontSize, color, textTransform, letterSpacing, backgroundColor } = getComputedStyle(element);
        return { display, fontSize, color, textTransform, letterSpacing, backgroundColor, height: element.getBoundingClientRect().height };
      };
      return { entry: style(list.querySelector("li")!), input: style(form.querySelector("input[name=organization]")!), submit: style(form.querySelector("button[type=submit]")!) };
    });

    expect(await countText(page)).toBe("73 signatories");
    expect(styles.entry).toMatchObject({ display: "list-item", fontSize: "16px", color: "rgb(31, 35, 40)", textTransform: "none", letterSpacing: "normal" });
    expect(styles.input).toMatchObject({ display: "block", fontSize: "16px" });
    expect(styles.input.height).toBeGreaterThan(30);
    expect(styles.submit).toMatchObject({ display: "inline-block", backgroundColor: "rgb(11, 87, 208)", color: "rgb(255, 255, 255)" });
    await page.close();
  });

  it("works when the page includes the script twice", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page, errors } = await openPartnerPage(campaign, "lang=en&twice");

    expect(await countText(page)).toBe("73 signatories");
    expect(await page.locator("undersigned-list li").count()).toBe(73);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("<undersigned-form>", () => {
  it("takes a sign-on in Spanish from the keyboard alone; once confirmed, the open page shows it by itself", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=es");
    const signed: unknown[] = [];
    await page.exposeFunction("recordSigned", (detail: unknown) => signed.push(detail));
    await page.evaluate(() =>
      document.addEventListener("undersigned-signed", (event) => (window as unknown as { recordSigned(detail: unknown): void }).recordSigned((event as CustomEvent).detail)),
    );
    const email = `coordinacion+${Date.now()}@redsolidaria.example`;
    const organization = "Red Solidaria Fronteriza Ñandutí, A.C.";

    await tabTo(page, "organization");
    await page.keyboard.type(organization);
    await page.keyboard.press("Tab");
    await page.keyboard.type("redsolidaria.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Quetzaltenango");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Quetzaltenango");
    await page.keyboard.press("Tab");
    // A closed <select> picks the option whose label starts with what is typed.
    await page.keyboard.type("Guatem");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Colectivo Uno");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Colectivo Dos");
    await tabTo(page, "contactName");
    await page.keyboard.type("María José Pérez");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Coordinadora");
    await page.keyboard.press("Tab");
    await page.keyboard.type(email);
    await tabTo(page, "authorized");
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    expect(await focusedControl(page)).toMatchObject({ tag: "button", text: "Firmar" });
    await page.keyboard.press("Enter");

    const pending = page.locator("undersigned-form [part=pending]");
    await pending.waitFor();
    expect(await pending.locator("h2").textContent()).toBe("Revise su correo");
    expect(await pending.textContent()).toContain(email);
    expect(await focusedControl(page)).toMatchObject({ tag: "h2" });
    expect(signed).toEqual([{ campaign, kind: "organization" }]);

    const confirmation = await fetch(await verificationLink(email), { method: "POST" });
    expect(confirmation.status).toBe(200);

    const entry = page.locator("undersigned-list li", { hasText: organization });
    await entry.waitFor({ timeout: 15_000 });
    expect(await countText(page)).toBe("74 firmantes");
    expect(await entry.textContent()).toBe(`${organization}, Quetzaltenango, Quetzaltenango, GuatemalaIntegrantes: Colectivo Uno, Colectivo Dos`);
    await page.close();
  });

  it("shows the API's field error next to the field, translated, moves focus there and keeps what was typed", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=es");
    const form = page.locator("undersigned-form");
    await form.locator("input[name=organization]").fill("Colectivo de Prueba");
    await form.locator("input[name=contactName]").fill("Ana");
    await form.locator("input[name=email]").fill("esto no es un correo");
    await form.locator("input[name=authorized]").check();
    await form.locator("button[type=submit]").click();

    const error = form.locator("#email-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Escriba un correo como nombre@ejemplo.org.");
    expect(await form.locator("input[name=email]").getAttribute("aria-invalid")).toBe("true");
    expect(await focusedControl(page)).toMatchObject({ name: "email" });
    expect(await form.locator("input[name=organization]").inputValue()).toBe("Colectivo de Prueba");
    expect(await form.locator("[role=alert]").textContent()).toBe("Corrija los campos señalados.");
    await page.close();
  });

  it("holds a form sent within 3 s of appearing until then, rather than have the API take the signer for a bot", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    // The page's clock stands still: the form is sent at once, however slow this machine.
    await page.clock.install();
    await page.clock.pauseAt(Date.now() + 1000);
    await page.goto(partnerPage(campaign, "lang=en"));
    const form = page.locator("undersigned-form");
    const posts: Array<{ fillTimeMs: number }> = [];
    page.on("request", (request) => request.method() === "POST" && posts.push(request.postDataJSON()));
    const email = `autofill+${Date.now()}@example.org`;
    await form.locator("input[name=organization]").fill("Colectivo Autocompletado");
    await form.locator("input[name=contactName]").fill("Ana");
    await form.locator("input[name=email]").fill(email);
    await form.locator("input[name=authorized]").check();
    await form.locator("button[type=submit]").click();

    const submit = form.locator("button[type=submit]");
    await expect.poll(() => submit.textContent()).toBe("Sending…");
    expect(await submit.isDisabled()).toBe(true);
    expect(posts).toEqual([]);

    await page.clock.runFor(3100);
    await form.locator("[part=pending]").waitFor();
    expect(posts).toHaveLength(1);
    expect(posts[0].fillTimeMs).toBeGreaterThanOrEqual(3000);
    expect(await verificationLink(email)).toMatch(/\/verify\//);
    await page.close();
  });

  it("keeps what was typed and says so when the network fails", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=fr");
    const failures: unknown[] = [];
    await page.exposeFunction("recordFailure", (detail: unknown) => failures.push(detail));
    await page.evaluate(() =>
      document.addEventListener("undersigned-error", (event) => (window as unknown as { recordFailure(detail: unknown): void }).recordFailure((event as CustomEvent).detail)),
    );
    await page.route(`**/api/campaigns/${campaign}/signatures`, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    const form = page.locator("undersigned-form");
    await form.locator("input[name=organization]").fill("Collectif Essai");
    await form.locator("input[name=contactName]").fill("Jeanne");
    await form.locator("input[name=email]").fill("jeanne@example.org");
    await form.locator("input[name=authorized]").check();
    await form.locator("button[type=submit]").click();

    await expect(form.locator("[role=alert]").filter({ hasText: "Serveur injoignable" }).textContent()).resolves.toContain("votre saisie est conservée");
    expect(await form.locator("input[name=organization]").inputValue()).toBe("Collectif Essai");
    expect(await form.locator("input[name=email]").inputValue()).toBe("jeanne@example.org");
    expect(failures).toEqual([{ campaign, status: 0 }]);
    await page.close();
  });
});

describe("<undersigned-list>", () => {
  it("searches accent- and case-insensitively and filters by country, as separate elements", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=en&parts");
    const list = page.locator("undersigned-list");

    // Names, places and coalition members are searched: one organization, and a coalition it is in.
    await list.locator("input[type=search]").fill("FRAY MATIAS");
    await expect
      .poll(async () => (await list.locator("li .name").allTextContents()).map((name) => name.normalize()))
      .toEqual(["Centro de Derechos Humanos Fray Matías de Córdova A.C.", "Grupo de Trabajo Sobre Política Migratoria-GTPM"]);

    await list.locator("input[type=search]").fill("");
    await list.locator("select").selectOption("CA");
    await expect.poll(() => list.locator("li").allTextContents()).toEqual(CANADIAN_SIGNATORIES.map((name) => `${name}, Canada`));
    const { count } = await fetch(`${session.workerUrl}/api/campaigns/${campaign}`).then((response) => response.json());
    expect(await countText(page)).toBe(`${count} signatories`);
    await page.close();
  });

  it("lists names in the API's order: punctuation neither leads nor outweighs a space", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=en&parts");
    const { items } = await fetch(`${session.workerUrl}/api/campaigns/${campaign}/signatures?limit=200`).then((response) => response.json());
    const apiOrder: string[] = items.map((item: { name: string }) => item.name);

    const shown = (await page.locator("undersigned-list li .name").allTextContents()).map((name) => name.normalize());

    expect(shown).toEqual(apiOrder.slice(0, shown.length).map((name) => name.normalize()));
    expect(shown.indexOf("Al Otro Lado")).toBeLessThan(shown.indexOf("Alianza Americas"));
    expect(shown.indexOf('"Como nacido entre nosotros"')).toBeGreaterThan(shown.indexOf("Centro de Derechos Humanos Fray Matías de Córdova A.C."));
    await page.close();
  });
});

describe("live updates where the socket cannot open", () => {
  it("polls the campaign and shows a correction that keeps the count", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { token } = await seedOrganizer(session.worker, campaign);
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    const refused: string[] = [];
    page.on("console", (message) => /Content Security Policy/.test(message.text()) && refused.push(message.text()));
    // The page's clock runs as usual; the test moves it on by a poll interval instead of waiting.
    await page.clock.install();
    const isPoll = (response: Response) => new URL(response.url()).pathname === `/api/campaigns/${campaign}` && !new URL(response.url()).search;
    const firstPoll = page.waitForResponse(isPoll);
    // The partner's Content-Security-Policy lets the widget read the API but not open the socket.
    await page.goto(partnerPage(campaign, "lang=en&csp"));
    await page.locator("undersigned-list li").first().waitFor();
    await firstPoll;
    expect(refused.join("\n")).toContain(`/api/campaigns/${campaign}/live`);
    const countBefore = await countText(page);

    const { items } = await fetch(`${session.workerUrl}/api/campaigns/${campaign}/signatures?q=${encodeURIComponent("Asylum Access Mexico")}`).then((response) => response.json());
    const correction = await fetch(`${session.workerUrl}/api/admin/campaigns/${campaign}/signatures/${items[0].id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ city: "Ciudad de México" }),
    });
    expect(correction.status).toBe(200);
    const entry = page.locator("undersigned-list li", { hasText: "Asylum Access Mexico" });
    expect(await entry.textContent()).toBe("Asylum Access Mexico, Mexico");

    const nextPoll = page.waitForResponse(isPoll);
    await page.clock.fastForward(30_000);
    await nextPoll;
    await expect.poll(() => entry.textContent()).toBe("Asylum Access Mexico, Ciudad de México, Mexico");
    expect(await countText(page)).toBe(countBefore);
    await page.close();
  });
});

// The demo page embeds the demo campaign itself: these tests only read it, but for one pending
// sign-on, which changes neither its count nor its list.
describe("demo page /", () => {
  it("shows nals-2021 through the widget under its own CSP, switches language, and passes axe", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    const response = await page.goto(`${session.workerUrl}/`);
    expect(response!.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.locator("undersigned-list li").first().waitFor();
    expect(await page.locator("#snippet").textContent()).toContain(`<script type="module" src="${session.workerUrl}/widget.js"></script>`);

    await page.getByRole("button", { name: "Français" }).click();
    await expect.poll(() => countText(page)).toMatch(/^\d+ signataires$/);
    expect(await page.locator("#snippet").textContent()).toContain('<undersigned-campaign campaign="nals-2021" lang="fr">');
    // The page's own text stays English: only the widget speaks French.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(problems).toEqual([]);
    await page.close();

    // axe runs as an inline script, which the page's CSP rightly forbids: this context ignores CSP.
    const context = await session.browser.newContext({ bypassCSP: true });
    const audited = await context.newPage();
    await audited.goto(`${session.workerUrl}/?lang=es`);
    await audited.locator("undersigned-list li").first().waitFor();
    expect(await axeViolations(audited)).toEqual([]);
    await context.close();
  });

  it("keeps the chosen country through language switches, and sends that one", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`${session.workerUrl}/`);
    const form = page.locator("undersigned-form");
    const country = form.locator("select[name=country]");
    await country.selectOption({ label: "Mexico" });

    for (const [language, mexico] of [["Español", "México"], ["Français", "Mexique"]]) {
      await page.getByRole("button", { name: language }).click();
      await expect.poll(() => country.locator("option:checked").textContent()).toBe(mexico);
    }
    expect(await country.inputValue()).toBe("MX");

    await form.locator("input[name=organization]").fill("Collectif Mexique");
    await form.locator("input[name=contactName]").fill("Inès");
    await form.locator("input[name=email]").fill(`mexique+${Date.now()}@example.org`);
    await form.locator("input[name=authorized]").check();
    const [request] = await Promise.all([page.waitForRequest((request) => request.method() === "POST"), form.locator("button[type=submit]").click()]);
    expect(request.postDataJSON()).toMatchObject({ country: "MX", locale: "fr" });
    await form.locator("[part=pending]").waitFor();
    await page.close();
  });

  it("does not scroll sideways once the letter is open and the language switched", async () => {
    const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${session.workerUrl}/`);
    await page.locator("undersigned-list li").first().waitFor();
    await page.getByRole("button", { name: "Read the whole letter" }).click();
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);

    for (const [language, canada] of [["Español", "Canadá"], ["English", "Canada"]]) {
      await page.getByRole("button", { name: language }).click();
      await page.locator("undersigned-list li", { hasText: `Peace Brigades International-Canada, ${canada}` }).waitFor();
      expect(await width(), language).toBe(1280);
    }
    await page.close();
  });
});
