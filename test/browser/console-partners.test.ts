import { describe, expect, it } from "vitest";
import { seedOrganizer, signAndConfirm, unique } from "./fixtures";
import { useConsoleSession } from "./console-session";

const session = useConsoleSession();
const { signedIn } = session;

/** A sign-on through a partner, confirmed through the emailed link, as the signer would. */
const signThrough = (slug: string, partner: string | undefined, country: string) =>
  signAndConfirm(session.worker, slug, { organization: unique("Colectivo"), country, contactName: "Ana Pérez", email: `${unique("contacto")}@example.org`, locale: "es", partner });

describe("organizer console: partners", () => {
  it("shows two partners' sign-ons separately, direct ones apart, and each country against its target", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = unique("carta");
    const created = await session.adminApi(organizer, "/campaigns", { method: "POST", body: { slug, title: "Carta a los líderes", language: "es", status: "open", countryTargets: { MX: 3, US: 2 } } });
    expect(created.status).toBe(201);
    await signThrough(slug, "red-migrante", "MX");
    await signThrough(slug, "red-migrante", "MX");
    await signThrough(slug, "alianza-norte", "US");
    await signThrough(slug, undefined, "CA");

    const page = await signedIn(organizer, `/admin#${slug}`);
    await page.getByRole("tab", { name: "Dashboard" }).click();

    const partners = page.locator("us-partners-panel [part=partners] tbody tr");
    await expect.poll(() => partners.count()).toBe(3);
    const rows = await partners.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent!.trim())));
    expect(rows).toEqual([
      ["red-migrante", "2", "2", "2"],
      ["alianza-norte", "1", "1", "1"],
      ["Direct", "1", "1", "1"],
    ]);
    const coverage = await page
      .locator("us-partners-panel [part=coverage] tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent!.trim())));
    expect(coverage).toEqual([
      ["Mexico (MX)", "2 of 3", "red-migrante"],
      ["United States (US)", "1 of 2", "alianza-norte"],
      ["Canada (CA)", "1 (no target)", ""],
    ]);
  });

  it("gives a partner its own link and snippet", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = unique("carta");
    await session.adminApi(organizer, "/campaigns", { method: "POST", body: { slug, title: "Carta", status: "open" } });
    const page = await signedIn(organizer, `/admin#${slug}`);
    await page.getByRole("tab", { name: "Share" }).click();

    await page.getByLabel("Partner's short name").fill("Red Migrante");
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("Use 1 to 40 letters, digits or dashes");
    await page.getByLabel("Partner's short name").fill("Red-Migrante");

    await expect.poll(() => page.getByLabel("The campaign's page, for this partner").inputValue()).toBe(`${session.worker.url}/c/${slug}?ref=red-migrante`);
    expect(await page.getByLabel("The snippet, for this partner").inputValue()).toContain(`<undersigned-campaign campaign="${slug}" partner="red-migrante"></undersigned-campaign>`);
  });

  it("sets the published signatures wanted per country in the letter's settings, and refuses a line it cannot read", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = unique("carta");
    await session.adminApi(organizer, "/campaigns", { method: "POST", body: { slug, title: "Carta", status: "open" } });
    const campaignTargets = async () =>
      (await session.adminApi(organizer, `/campaigns/${slug}`)).body.countryTargets;
    const page = await signedIn(organizer, `/admin#${slug}`);
    await page.getByRole("tab", { name: "Letter and settings" }).click();
    const targets = page.getByLabel("Published signatures wanted per country");

    await targets.fill("Mexico lots");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("“Mexico lots”");
    expect(await campaignTargets()).toEqual({});

    await targets.fill("mx 3\nUS: 2");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(campaignTargets).toEqual({ MX: 3, US: 2 });
  });
});
