import type { BrowserContext, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { signInConsole, seedOrganizer, unique, type SeededOrganizer } from "./fixtures.ts";
import { usePartnerSession } from "./partner-session.ts";

// The letter's life as readers and organizers see it: the deadline, the delivery and its answers,
// a partner's site that is not allowed, and the console's links. Each test makes its own campaign.

const session = usePartnerSession({ seeded: false });
let contexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  contexts = [];
});

/** 23:59 on 20 December 2030 in Mexico City. */
const CLOSES_AT = Date.parse("2030-12-21T05:59:00Z");

/** An open campaign of the test's own, in Mexico City's time zone. */
async function seedCampaign({ allowedOrigins = ["*"], closesAt = null as number | null } = {}) {
  const slug = unique("life");
  await session.worker.sql(
    `INSERT INTO campaigns (slug, title, body, addressees, status, allowed_origins, time_zone, closes_at)
     VALUES (?, 'Letter to the Leaders', 'We, the undersigned organizations…', '["President of Mexico"]', 'open', ?, 'America/Mexico_City', ${closesAt ?? "NULL"})`,
    [slug, JSON.stringify(allowedOrigins)],
  );
  return slug;
}

async function adminApi(organizer: SeededOrganizer, path: string, body: unknown) {
  const response = await fetch(`${session.worker.url}/api/admin${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${organizer.token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

async function newPage(viewport = { width: 1000, height: 900 }) {
  const context = await session.browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

/** The partner's page embedding the campaign in `lang`; the widget's uncaught errors collected. */
async function partnerPage(slug: string, lang: string) {
  const page = await newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${session.partner.url}/?campaign=${slug}&lang=${lang}`);
  return { page, errors };
}

const DEADLINES = {
  en: "Signatures close on December 20, 2030 at 11:59 PM (Central Standard Time). Then the letter goes to its addressees.",
  es: "Las firmas se cierran el 20 de diciembre de 2030 a las 23:59 (hora estándar central). Después, la carta se entrega a sus destinatarios.",
  fr: "Les signatures sont recueillies jusqu’au 20 décembre 2030 à 23:59 (heure normale du centre nord-américain). La lettre est ensuite remise à ses destinataires.",
};

describe("the widget", () => {
  it("says when signing closes, in the page's language and the campaign's time zone", async () => {
    const slug = await seedCampaign({ closesAt: CLOSES_AT });
    for (const [lang, deadline] of Object.entries(DEADLINES)) {
      const { page, errors } = await partnerPage(slug, lang);
      await expect.poll(() => page.locator("undersigned-count").getByText(deadline).count()).toBe(1);
      expect(errors).toEqual([]);
    }
  });

  it("shows a delivered letter's delivery and answers under the letter, and no form", async () => {
    const slug = await seedCampaign();
    const organizer = await seedOrganizer(session.worker, slug);
    await session.worker.sql(
      `INSERT INTO signatures (id, campaign_id, name, sort_key, organization_key, search_text, source, letter_version, status, country)
       SELECT ?, id, 'Red por la Paz', 'red por la paz', 'red por la paz', 'red por la paz', 'seed', 1, 'published', 'MX' FROM campaigns WHERE slug = ?`,
      [unique("signature"), slug],
    );
    await adminApi(organizer, `/campaigns/${slug}/delivery`, { recipients: ["Presidente de México"], method: "email", deliveredAt: "2026-12-11T03:00:00Z" });
    await adminApi(organizer, `/campaigns/${slug}/responses`, {
      respondent: "Secretaría de Gobernación",
      respondedOn: "2027-01-15",
      summary: { es: "Se reunirá con la coalición.", en: "They will meet the coalition." },
      url: "https://gobernacion.example/respuesta",
    });

    const { page, errors } = await partnerPage(slug, "es");
    const campaign = page.locator("undersigned-campaign");

    // In Mexico City the evening of the 10th, though the 11th in UTC.
    await expect.poll(() => campaign.getByText("Entregada a Presidente de México el 10 de diciembre de 2026, con 1 organización.").count()).toBe(1);
    await expect.poll(() => campaign.getByRole("heading", { name: "Respuestas" }).count()).toBe(1);
    const answer = campaign.locator("section p", { hasText: "Se reunirá con la coalición." });
    expect(await answer.textContent()).toBe("Secretaría de Gobernación, 15 de enero de 2027: Se reunirá con la coalición.");
    expect(await answer.getByRole("link").getAttribute("href")).toBe("https://gobernacion.example/respuesta");
    expect(await campaign.locator("undersigned-form").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("tells the readers of a site the campaign does not allow, in their language, instead of failing", async () => {
    const slug = await seedCampaign({ allowedOrigins: ["https://partner.example"] });

    const { page } = await partnerPage(slug, "fr");

    await expect.poll(() => page.locator("undersigned-campaign").getByText("Ce site n’est pas configuré pour afficher cette lettre.").count()).toBe(1);
  });
});

/** The console at `#slug`, signed in as the organizer. */
async function signedIn(organizer: SeededOrganizer, slug: string) {
  const page = await newPage({ width: 1280, height: 900 });
  await signInConsole(page.context(), session.worker, organizer);
  await page.goto(`${session.worker.url}/admin#${slug}`);
  return page;
}

const tab = (page: Page, name: string) => page.getByRole("tab", { name }).click();

describe("the console", () => {
  it("gives the page's address and the snippet, lists the sites refused, and allows one", async () => {
    const slug = await seedCampaign({ allowedOrigins: [] });
    const organizer = await seedOrganizer(session.worker, slug);
    // A partner's readers were turned away first.
    await partnerPage(slug, "en").then(({ page }) => page.locator("undersigned-campaign .alert").waitFor());
    const page = await signedIn(organizer, slug);

    await tab(page, "Share & embed");
    const panel = page.locator("us-share-panel");
    await expect.poll(() => panel.getByLabel("Address of the public page").inputValue()).toBe(`${session.worker.url}/c/${slug}`);
    expect(await panel.getByLabel("Snippet").inputValue()).toBe(
      `<script type="module" src="${session.worker.url}/widget.js"></script>\n<undersigned-campaign campaign="${slug}"></undersigned-campaign>`,
    );
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: session.worker.url });
    await panel.getByRole("button", { name: "Copy the snippet" }).click();
    await expect.poll(() => panel.getByRole("button", { name: "Copied" }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`campaign="${slug}"`);

    const refused = panel.getByRole("row", { name: new RegExp(session.partner.url) });
    await expect.poll(() => refused.count()).toBe(1);
    await refused.getByRole("button", { name: "Allow this site" }).click();
    await expect.poll(() => panel.getByText("No site has been refused.").count()).toBe(1);
    await expect.poll(() => panel.getByText(`Allowed sites: ${session.partner.url}`).count()).toBe(1);

    const { page: allowed } = await partnerPage(slug, "en");
    await expect.poll(() => allowed.locator("undersigned-form [part=heading]").count()).toBe(1);
  });

  it("shows the deadline in the campaign's time zone and exports the letter in the language chosen", async () => {
    const slug = await seedCampaign({ closesAt: CLOSES_AT });
    await session.worker.sql(`UPDATE campaigns SET translations = '{"fr":{"title":"Lettre aux dirigeants"}}' WHERE slug = ?`, [slug]);
    const organizer = await seedOrganizer(session.worker, slug);
    const page = await signedIn(organizer, slug);

    await expect.poll(() => page.getByText("Signatures close on December 20, 2030 at 11:59 PM Central Standard Time; then the letter goes to its addressees.").count()).toBe(1);
    await tab(page, "Export");
    await page.getByLabel("Language of the letter").selectOption("fr");
    const pdf = await page.getByRole("link", { name: "Letter with signatories (PDF)" }).getAttribute("href");
    const csv = await page.getByRole("link", { name: "Spreadsheet (CSV)" }).getAttribute("href");

    expect(pdf).toBe(`/api/admin/campaigns/${slug}/export?format=pdf&lang=fr`);
    expect(csv).toBe(`/api/admin/campaigns/${slug}/export?format=csv`);
    await tab(page, "Letter and settings");
    expect(await page.getByLabel(/^Time zone/).inputValue()).toBe("America/Mexico_City");
    expect(await page.getByLabel(/^Deadline/).inputValue()).toBe("2030-12-20T23:59");
  });
});
