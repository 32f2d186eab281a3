import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { copyDemoCampaign, mailedLink, signAndConfirm } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

// Issue 17: what the widget offers once a sign-on is accepted, the partner it names, and the
// signer's consent to hear about the coalition's next letters.

const session = usePartnerSession();

/** The partner's page on `campaign`, with the widget's scripts it has fetched so far. */
async function openPartnerPage(campaign: string, options = "") {
  const context = await session.browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.partner.url });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(`${session.partner.url}/?campaign=${campaign}&${options}`);
  await page.locator("undersigned-list li").first().waitFor();
  return { page, scripts };
}

/** Fills the form as an organization; the request it sends, once submitted. */
async function signOn(page: Page, campaign: string, organization: string) {
  const form = page.locator("undersigned-form");
  await form.locator("input[name=organization]").fill(organization);
  await form.locator("input[name=contactName]").fill("Ana");
  await form.locator("input[name=email]").fill(`ana+${Date.now()}@${organization.toLowerCase().replace(/\W+/g, "")}.example`);
  await form.locator("input[name=authorized]").check();
  const request = page.waitForRequest((sent) => sent.method() === "POST" && sent.url().endsWith(`/${campaign}/signatures`));
  await form.locator("button[type=submit]").click();
  return (await request).postDataJSON();
}

const signedChunks = (scripts: string[]) => scripts.filter((path) => /^\/widget\/signed-\w+\.js$/.test(path));

describe("<undersigned-form>'s invite step", () => {
  it("appears once a sign-on is accepted, from a chunk fetched only then", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page, scripts } = await openPartnerPage(campaign, "lang=fr");
    // The first load: widget.js and the page's language, no more (the live feed's chunk aside).
    expect(scripts.filter((path) => !/^\/widget\/feed-/.test(path)).map((path) => path.replace(/-\w+\.js$/, ""))).toEqual(["/widget.js", "/widget/fr"]);

    await signOn(page, campaign, "Réseau Entraide");
    const invite = page.locator("undersigned-form [part=invite]");
    await invite.waitFor();
    expect(signedChunks(scripts)).toHaveLength(1);
    expect(await invite.getByRole("heading").textContent()).toBe("Invitez d’autres organisations à signer");

    const link = `${session.workerUrl}/c/${campaign}`;
    expect(await invite.getByLabel("Lien de la lettre").inputValue()).toBe(link);
    await invite.getByRole("button", { name: "Copier le lien" }).click();
    await expect.poll(() => page.locator("undersigned-form [role=status]").last().textContent()).toBe("Lien copié.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const mail = new URL((await invite.getByRole("link", { name: "Écrire à une organisation" }).getAttribute("href"))!);
    expect(mail.protocol).toBe("mailto:");
    const title = await page.locator("undersigned-campaign [part=letter] h2").textContent();
    expect(mail.searchParams.get("subject")).toBe(`Signez la lettre\u00a0: ${title}`);
    expect(mail.searchParams.get("body")).toContain(`\n${link}\n`);
    // The browser's share sheet, where the browser has one.
    const canShare = await page.evaluate(() => "share" in navigator);
    expect(await invite.getByRole("button", { name: "Partager…" }).count()).toBe(canShare ? 1 : 0);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("is not fetched when a sign-on fails", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page, scripts } = await openPartnerPage(campaign, "lang=en");
    const form = page.locator("undersigned-form");
    await form.locator("input[name=organization]").fill("Colectivo Sin Correo");
    await form.locator("input[name=contactName]").fill("Ana");
    await form.locator("input[name=email]").fill("not an address");
    await form.locator("input[name=authorized]").check();
    await form.locator("button[type=submit]").click();

    await expect.poll(() => form.locator("#email-error").count()).toBe(1);
    expect(signedChunks(scripts)).toEqual([]);
    expect(await form.locator("[part=invite]").count()).toBe(0);
    await page.close();
  });
});

describe("<undersigned-form>'s \"send the link again\"", () => {
  it("says no new email left when the last one left under a minute ago, and that every link still works", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=es");
    await signOn(page, campaign, "Colectivo Paciente");
    const pending = page.locator("undersigned-form [part=pending]");
    await pending.waitFor();

    const again = page.waitForResponse((response) => response.request().method() === "POST" && response.url().endsWith(`/${campaign}/signatures`));
    await pending.getByRole("button", { name: "Reenviar el enlace" }).click();
    const { emailSent, emailSentAt } = await (await again).json();
    expect(emailSent).toBe("earlier");
    const time = new Date(emailSentAt).toLocaleTimeString("es", { timeStyle: "short" });
    await expect
      .poll(() => page.locator("undersigned-form [role=status]").last().textContent())
      .toBe(`El último enlace salió a las ${time}, hace menos de un minuto, así que no se envió otro. Todos los enlaces que recibió siguen sirviendo.`);
    await page.close();
  });
});

describe("<undersigned-campaign partner>", () => {
  it("sends the partner with the sign-on, lower-cased, and shares the letter's link with it", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=es&partner=Red-Migrante");

    const body = await signOn(page, campaign, "Colectivo Aliado");
    expect(body.partner).toBe("red-migrante");
    const invite = page.locator("undersigned-form [part=invite]");
    await invite.waitFor();
    expect(await invite.getByLabel("Enlace de la carta").inputValue()).toBe(`${session.workerUrl}/c/${campaign}?ref=red-migrante`);
    expect(await session.worker.sql("SELECT partner FROM signatures WHERE name = 'Colectivo Aliado' AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?1)", [campaign])).toEqual([
      { partner: "red-migrante" },
    ]);
    await page.close();
  });

  it("sends no partner when the attribute is not a partner's short name", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=en&partner=not%20a%20name");

    const body = await signOn(page, campaign, "Colectivo Directo");
    expect(body).not.toHaveProperty("partner");
    await page.locator("undersigned-form [part=pending]").waitFor();
    await page.close();
  });
});

describe("<undersigned-form>'s consent to the coalition's future letters", () => {
  it("is unchecked, and sent as coalitionConsent: true only when checked", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const { page } = await openPartnerPage(campaign, "lang=fr");
    const consent = page.locator("undersigned-form").getByLabel("Nous tenir au courant des prochaines lettres de cette coalition");
    expect(await consent.isChecked()).toBe(false);

    expect(await signOn(page, campaign, "Collectif Un")).not.toHaveProperty("coalitionConsent");
    await page.locator("undersigned-form [part=pending]").waitFor();
    await page.getByRole("button", { name: "Modifier les informations" }).click();
    await consent.check();
    expect(await signOn(page, campaign, "Collectif Deux")).toMatchObject({ organization: "Collectif Deux", coalitionConsent: true });
    await page.locator("undersigned-form [part=pending]").waitFor();
    await page.close();
  });
});

describe("<undersigned-list> and a signer's correction", () => {
  it("shows a case and accent fix made through the manage link without a reload", async () => {
    const campaign = await copyDemoCampaign(session.worker);
    const email = `equipo+${Date.now()}@fraymatias.example`;
    await signAndConfirm(session.worker, campaign, { organization: "centro de derechos humanos fray matias", contactName: "Ana", email, country: "MX", locale: "es" });
    const { page } = await openPartnerPage(campaign, "lang=es");
    const list = page.locator("undersigned-list");
    await list.getByText("centro de derechos humanos fray matias", { exact: true }).waitFor();

    // The signer follows the link in the confirmation email, in a tab of their own.
    const manage = await page.context().newPage();
    await manage.goto(session.worker.url + (await mailedLink(session.worker, email, /\/manage\/[A-Za-z0-9_-]{43}/)));
    await manage.getByLabel("Organización").fill("Centro de Derechos Humanos Fray Matías");
    await manage.getByRole("button", { name: "Guardar las correcciones" }).click();
    await manage.getByText("Se guardaron las correcciones de Centro de Derechos Humanos Fray Matías.").waitFor();

    // The partner's page, never reloaded, hears of the change on its live socket and rereads the list.
    await list.getByText("Centro de Derechos Humanos Fray Matías", { exact: true }).waitFor();
    expect(await list.getByText("centro de derechos humanos fray matias", { exact: true }).count()).toBe(0);
    await page.close();
  });
});
