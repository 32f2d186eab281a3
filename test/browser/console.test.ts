import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useConsoleSession } from "./console-session";
import { mailedLink, seedOrganizer, unique, type SeededOrganizer } from "./fixtures";

// One worker and one browser for the file; every test signs in an organizer of its own, in a
// browser context of its own, and makes the campaigns it works on.
const session = useConsoleSession();
const { newPage, signedIn, adminApi } = session;

/** The element that has the focus, inside the console's shadow roots. */
const focusedElement = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return { name: element?.getAttribute("name"), text: element?.textContent?.trim() };
  });

const latestLink = (to: string, path: RegExp) => mailedLink(session.worker, to, path);

/** The letter as the first test makes it in the console's form: Spanish, open, holding signatures for approval. */
const LETTER = {
  title: "Carta a los líderes de América del Norte",
  letterDate: "2026-11-18",
  addressees: ["Presidente de México", "Prime Minister of Canada"],
  body: "Las organizaciones abajo firmantes…\n\nAtentamente,",
  language: "es",
  status: "open",
  moderation: "hold",
};

/** A campaign of the organizer's, `LETTER` but for `changes`, made through the API; answers its slug. */
async function createCampaign(organizer: SeededOrganizer, changes: Record<string, unknown> = {}) {
  const slug = unique("carta");
  const created = await adminApi(organizer, "/campaigns", { method: "POST", body: { slug, ...LETTER, ...changes } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return slug;
}

/** A sign-on from the widget whose email domain matches its website. */
const FRAY_MATIAS = {
  organization: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.",
  country: "MX",
  city: "Tapachula",
  website: "https://fraymatias.example",
  members: ["Red Jesuita con Migrantes"],
  contactName: "Ana Pérez",
  email: "coordinacion@fraymatias.example",
  locale: "es",
  authorized: true,
};

/** Signs `FRAY_MATIAS` on and confirms it through the emailed link, as the signer would. */
async function signAndConfirm(slug: string) {
  const signOn = await fetch(`${session.worker.url}/api/campaigns/${slug}/signatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(FRAY_MATIAS),
  });
  expect(signOn.status).toBe(202);
  expect((await fetch(session.worker.url + (await latestLink(FRAY_MATIAS.email, /\/verify\/[A-Za-z0-9_-]+/)), { method: "POST" })).status).toBe(200);
}

/** Imports rows from a CSV through the API, published at once, as an organizer's script would. */
async function importCsv(organizer: SeededOrganizer, slug: string, csv: string) {
  return (await adminApi(organizer, `/campaigns/${slug}/imports`, { method: "POST", body: { csv, commit: true } })).body;
}

describe("organizer console", () => {
  it("signs in through the emailed link", async () => {
    // Bootstrapped as the README says: a campaign, then the command line makes its organizer.
    const bootstrap = unique("bootstrap");
    const organizer = `${unique("organizer")}@coalition.example`;
    await session.worker.sql(`INSERT INTO campaigns (slug, title, body, status) VALUES ('${bootstrap}', 'Bootstrap letter', 'Text', 'draft')`);
    const cli = execFileSync(process.execPath, ["scripts/organizer.ts", "add", organizer, "--campaign", bootstrap, "--persist-to", session.worker.persistTo], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` },
    });
    expect(cli.trim().split("\n").at(-1)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const page = await newPage();

    const response = await page.goto(`${session.worker.url}/admin`);
    expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.getByLabel("Email address").fill(organizer);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("sign-in link is on its way");

    await page.goto(session.worker.url + (await latestLink(organizer, /\/admin\/login\/[A-Za-z0-9_-]+/)));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${session.worker.url}/admin`);
    await expect.poll(() => page.getByText(`Signed in as ${organizer}`).count()).toBe(1);
  });

  it("creates a campaign that holds signatures for approval", async () => {
    const page = await signedIn(await seedOrganizer(session.worker));
    const slug = unique("carta");

    await page.getByRole("button", { name: "New campaign" }).click();
    await page.getByLabel("Slug (used in links)").fill(slug);
    await page.getByLabel("Title", { exact: true }).fill("Carta a los líderes de América del Norte");
    await page.getByLabel("Letter date").fill("2026-11-18");
    await page.getByLabel("Addressees (one per line)").fill("Presidente de México\nPrime Minister of Canada");
    await page.getByLabel("Letter (Markdown)").fill("Las organizaciones abajo firmantes…\n\nAtentamente,");
    await page.getByLabel("Language of the letter").selectOption("es");
    await page.getByLabel("Status").selectOption("open");
    await page.getByLabel("Moderation").selectOption("hold");
    await page.getByRole("button", { name: "Create campaign" }).click();

    await page.waitForURL(`${session.worker.url}/admin#${slug}`);
    await expect.poll(() => page.getByRole("heading", { name: "Carta a los líderes de América del Norte" }).count()).toBe(1);
  });

  it("approves a held signature", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    await signAndConfirm(slug);
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Signatures" }).click();
    const entry = page.locator("us-signature-review li", { hasText: "Fray Matías de Córdova" });
    await expect.poll(() => entry.count()).toBe(1);
    await expect.poll(() => entry.getByText("Email domain matches website").count()).toBe(1);
    // `UPDATE_SCREENSHOTS=1 npx vitest run --project browser` refreshes the README's picture.
    await page.screenshot({ path: process.env.UPDATE_SCREENSHOTS ? "docs/console.png" : undefined });
    await entry.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => entry.count()).toBe(0);

    const list = await (await fetch(`${session.worker.url}/api/campaigns/${slug}/signatures`)).json();
    expect(list.count).toBe(1);

    await page.getByRole("tab", { name: "History" }).click();
    const approval = page.locator("us-audit-log").getByRole("listitem").first();
    await expect.poll(() => approval.textContent()).toContain(`${organizer.email} approved ${FRAY_MATIAS.organization}`);
  });

  it("downloads the CSV and the PDF", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer, { moderation: "publish" });
    await signAndConfirm(slug);
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Export" }).click();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Spreadsheet (CSV)" }).click()]);
    const csvText = readFileSync((await csv.path())!, "utf8");
    const { data } = Papa.parse<Record<string, string>>(csvText.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
    expect(csvText.startsWith("\uFEFF")).toBe(true);
    expect(csv.suggestedFilename()).toBe(`${slug}-signatories.csv`);
    expect(data).toEqual([expect.objectContaining({ name: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.", status: "published", email: "coordinacion@fraymatias.example" })]);

    const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Letter with signatories (PDF)" }).click()]);
    const bytes = readFileSync((await pdf.path())!);
    expect(pdf.suggestedFilename()).toBe(`${slug}-signatories.pdf`);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("shows hostile names as text, runs none of them, and moves between tabs by keyboard", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    const hostile = ['<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=2</script>', "=HYPERLINK(\"http://evil.example\")", "\u202Eevil\u202C"];
    const csv = "Organization,Country\n" + hostile.map((name) => `"${name.replace(/"/g, '""')}",MX`).join("\n");
    // The organizer's token works for scripts: bearer authentication, no cookie.
    const result = await importCsv(organizer, slug, csv);
    // The bidi override is refused at the edge, with the row named; the rest are stored as typed.
    expect(result.summary).toMatchObject({ imported: 3, errors: 1 });

    const page = await signedIn(organizer, `/admin#${slug}`);
    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.getByLabel("Show").selectOption("published");
    for (const name of hostile.slice(0, 3)) await expect.poll(() => page.getByText(name, { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("us-signature-review img, us-signature-review script").count()).toBe(0);

    await page.getByRole("tab", { name: "Signatures" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("tab", { name: "Letter and settings" }).getAttribute("aria-selected")).toBe("true");
    expect((await focusedElement(page)).text).toBe("Letter and settings");
  });

  it("fits the letter and settings on a phone without scrolling sideways", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    const page = await signedIn(organizer, `/admin#${slug}`, { width: 375, height: 800 });

    await page.getByRole("tab", { name: "Letter and settings" }).click();
    await expect.poll(() => page.getByLabel("Language of the letter").count()).toBe(1);
    for (const lang of ["en", "es", "fr"]) await page.getByText(`Translation: ${lang}`).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  it("keeps a refused correction open, with what was typed and each error next to its field", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer, { moderation: "publish" });
    await signAndConfirm(slug);
    await importCsv(organizer, slug, 'Organization,Country\n"=HYPERLINK(""http://evil.example"")",MX');
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.getByLabel("Show").selectOption("published");
    const entry = page.locator("us-signature-review li", { hasText: "Fray Matías de Córdova" });
    await expect.poll(() => entry.getByText("Contact: Ana Pérez, coordinacion@fraymatias.example").count()).toBe(1);
    // The imported rows have no contact, and no empty line for one.
    const imported = page.locator("us-signature-review li", { hasText: "=HYPERLINK" });
    expect(await imported.getByText(/Contact/).count()).toBe(0);

    await entry.getByRole("button", { name: "Edit" }).click();
    await entry.getByLabel("Country (two letters)").fill("ZZ");
    await entry.getByLabel("Website").fill("not a url");
    await entry.getByRole("button", { name: "Save" }).click();

    const country = entry.getByLabel("Country (two letters)");
    const website = entry.getByLabel("Website");
    await expect.poll(() => country.getAttribute("aria-invalid")).toBe("true");
    expect(await website.getAttribute("aria-invalid")).toBe("true");
    expect(await country.inputValue()).toBe("ZZ");
    expect(await website.inputValue()).toBe("not a url");
    expect(await entry.getByLabel("Coalition members (one per line)").inputValue()).toBe("Red Jesuita con Migrantes");
    const description = async (field: typeof country) => page.locator("us-signature-review").locator(`#${await field.getAttribute("aria-describedby")}`).textContent();
    expect(await description(country)).toBe("Use a two-letter country code (ISO 3166), such as MX.");
    expect(await description(website)).toBe("Enter a web address, such as example.org.");
    expect((await focusedElement(page)).name).toBe("country");
    expect(await page.locator("us-signature-review").getByRole("alert").count()).toBe(0);

    await country.fill("GT");
    expect(await country.getAttribute("aria-invalid")).toBeNull();
    await website.fill("fraymatias.example");
    await entry.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => entry.getByRole("button", { name: "Edit" }).count()).toBe(1);
    await expect.poll(() => entry.getByText("Tapachula, GT · https://fraymatias.example").count()).toBe(1);
  });

  it("shows and corrects an individual signer's name and affiliation", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer, { moderation: "publish", signerKinds: ["organization", "individual"] });
    const email = `${unique("persona")}@correo.example`;
    const signOn = await fetch(`${session.worker.url}/api/campaigns/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind: "individual", name: "Lucia Mendes", affiliation: "Universidad de Tijuana", contactName: "Lucia Mendes", email, locale: "es", authorized: true }),
    });
    expect(signOn.status).toBe(202);
    expect((await fetch(session.worker.url + (await latestLink(email, /\/verify\/[A-Za-z0-9_-]+/)), { method: "POST" })).status).toBe(200);
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.getByLabel("Show").selectOption("published");
    const entry = page.locator("us-signature-review li", { hasText: "Lucia Mendes" });
    await expect.poll(() => entry.getByText(/Individual · Universidad de Tijuana/).count()).toBe(1);

    await entry.getByRole("button", { name: "Edit" }).click();
    await entry.getByLabel("Name", { exact: true }).fill("Lucía Mendes");
    await entry.getByLabel("Organization or role").fill("Colegio de la Frontera Norte");
    await entry.getByRole("button", { name: "Save" }).click();

    const corrected = page.locator("us-signature-review li", { hasText: "Lucía Mendes" });
    await expect.poll(() => corrected.getByText(/Individual · Colegio de la Frontera Norte/).count()).toBe(1);
    const list = await (await fetch(`${session.worker.url}/api/campaigns/${slug}/signatures`)).json();
    expect(list.items).toEqual([expect.objectContaining({ kind: "individual", name: "Lucía Mendes", organization: "Colegio de la Frontera Norte" })]);
  });

  it("charts signatures by date, gaps included, and names the countries", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    expect((await importCsv(organizer, slug, "Organization,Country\nRed de Hoy,MX\nColectivo de Hoy,GT")).summary).toMatchObject({ imported: 2 });
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Dashboard" }).click();
    const chart = page.locator("us-campaign-view [part=chart]");
    const today = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" }).format(new Date());
    await expect.poll(() => chart.getAttribute("aria-label")).toMatch(new RegExp(`^${today}: \\d+$`));
    expect(await page.getByRole("heading", { name: "Signatures per day" }).count()).toBe(1);

    const campaign = `(SELECT id FROM campaigns WHERE slug = '${slug}')`;
    const longAgo = Date.UTC(2023, 10, 14);
    await session.worker.sql(
      `INSERT INTO signatures (id, campaign_id, name, sort_key, organization_key, search_text, source, letter_version, status, country, created_at, published_at)
       VALUES ('${slug}-early-signer', ${campaign}, 'Early Signer', 'early signer', 'early signer', 'early signer', 'seed', 1, 'published', 'US', ${longAgo}, ${longAgo})`,
    );
    await page.reload();
    await page.getByRole("tab", { name: "Dashboard" }).click();
    // Years apart: a bar a month, the empty months between drawn as empty.
    await expect.poll(() => page.getByRole("heading", { name: "Signatures per month" }).count()).toBe(1);
    const thisMonth = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());
    expect(await chart.getAttribute("aria-label")).toMatch(new RegExp(`^November 2023: 1, ${thisMonth}: \\d+$`));
    expect(await chart.locator("rect title").allTextContents()).toEqual(["November 2023: 1", expect.stringMatching(new RegExp(`^${thisMonth}: `))]);
    const months = (new Date().getUTCFullYear() - 2023) * 12 + new Date().getUTCMonth() - 10 + 1;
    expect(Number((await chart.getAttribute("viewBox"))!.split(" ")[2])).toBe(months * 10);
    expect(await page.locator("us-campaign-view .axis").textContent()).toContain("November 2023");

    const countries = page.locator("us-campaign-view table").first();
    expect(await countries.getByRole("rowheader").allTextContents()).toEqual(expect.arrayContaining(["Mexico (MX)", "United States (US)", "Guatemala (GT)"]));
  });

  it("saves the settings without touching the translations or the letter's version", async () => {
    const organizer = await seedOrganizer(session.worker);
    const bilingual = unique("bilingual");
    const es = {
      title: "Carta a los líderes",
      body: "Las organizaciones abajo firmantes…\n\nAtentamente,",
      addressees: ["Presidenta de México", "Primer Ministro de Canadá"],
      cc: ["Secretaría de Relaciones Exteriores"],
      salutation: "Estimados líderes:",
    };
    const created = await adminApi(organizer, "/campaigns", {
      method: "POST",
      body: { slug: bilingual, title: "Letter to the leaders", body: "The undersigned…", status: "open", translations: { es } },
    });
    expect(created.status).toBe(201);
    const signed = await adminApi(organizer, `/campaigns/${bilingual}/imports`, { method: "POST", body: { csv: "Organization,Country\nRed de Prueba,MX", commit: true } });
    expect(signed.body.summary).toMatchObject({ imported: 1 });

    const page = await signedIn(organizer, `/admin#${bilingual}`);
    await page.getByRole("tab", { name: "Letter and settings" }).click();
    await page.getByText("Translation: es").click();
    await expect.poll(() => page.getByLabel("Salutation (es)").inputValue()).toBe("Estimados líderes:");
    expect(await page.getByLabel("Addressees (es, one per line)").inputValue()).toBe("Presidenta de México\nPrimer Ministro de Canadá");
    await page.getByLabel("Status").selectOption("closed");
    await page.getByRole("button", { name: "Save" }).click();
    // The console reloads the campaign behind the form: the organizer stays where they were, and is told.
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Saved." }).count()).toBe(1);
    expect(await page.getByRole("tab", { name: "Letter and settings" }).getAttribute("aria-selected")).toBe("true");
    const closed = (await adminApi(organizer, `/campaigns/${bilingual}`)).body;
    expect(closed.status).toBe("closed");
    expect(closed.translations).toEqual({ es });
    expect(closed.version).toBe(1);

    // Every part of a translation can be edited, and a change to one leaves the rest alone.
    await page.getByLabel("Copies (es, cc, one per line)").fill("Secretaría de Relaciones Exteriores\nEmbajada de Canadá");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await adminApi(organizer, `/campaigns/${bilingual}`)).body.translations.es.cc).toEqual([...es.cc, "Embajada de Canadá"]);
    expect((await adminApi(organizer, `/campaigns/${bilingual}`)).body.translations.es).toEqual({ ...es, cc: [...es.cc, "Embajada de Canadá"] });
  });

  it("says how many a bulk rejection hits, changes nothing until confirmed, then rejects exactly those", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    const csv = "Organization,Email,Country\nBulk Spam Uno,uno@spam.example,MX\nBulk Spam Dos,dos@mail.spam.example,MX\nBulk Keeper,keeper@keep.example,MX";
    expect((await importCsv(organizer, slug, csv)).summary).toMatchObject({ imported: 3 });
    const statuses = async () =>
      Object.fromEntries((await adminApi(organizer, `/campaigns/${slug}/signatures?q=bulk`)).body.items.map((s: { name: string; status: string }) => [s.name, s.status]));
    const { count } = (await adminApi(organizer, `/campaigns/${slug}`)).body;

    const page = await signedIn(organizer, `/admin#${slug}`);
    await page.getByRole("tab", { name: "Blocklist" }).click();
    const domain = page.getByRole("textbox", { name: "Domain", exact: true });
    const ask = page.getByRole("button", { name: "Reject matching signatures" });
    const confirmation = page.getByRole("group", { name: "This will reject 2 signatures; you can undo it for 7 days." });
    await domain.fill("spam.example");
    await page.getByRole("textbox", { name: "Reason (kept in the history)" }).fill("spam wave");
    await ask.click();
    await expect.poll(() => confirmation.count()).toBe(1);
    expect((await focusedElement(page)).text).toBe("Cancel");
    expect(await statuses()).toEqual({ "Bulk Spam Uno": "published", "Bulk Spam Dos": "published", "Bulk Keeper": "published" });

    await confirmation.getByRole("button", { name: "Cancel" }).click();
    expect(await confirmation.count()).toBe(0);
    expect((await focusedElement(page)).text).toBe("Reject matching signatures");
    expect(await statuses()).toEqual({ "Bulk Spam Uno": "published", "Bulk Spam Dos": "published", "Bulk Keeper": "published" });

    await ask.click();
    await confirmation.getByRole("button", { name: "Reject 2 signatures" }).click();
    const status = page.locator("us-blocklist-panel").getByRole("status");
    await expect.poll(() => status.textContent()).toBe("Rejected 2 signatures.");
    expect(await statuses()).toEqual({ "Bulk Spam Uno": "rejected", "Bulk Spam Dos": "rejected", "Bulk Keeper": "published" });
    // The sidebar's count follows.
    const sidebarEntry = page.getByRole("navigation", { name: "Campaigns" }).getByRole("link", { name: /Carta a los líderes/ });
    await expect.poll(() => sidebarEntry.textContent()).toContain(`(${count - 2})`);

    await domain.fill("nobody.example");
    await ask.click();
    await expect.poll(() => status.textContent()).toBe("No signatures match; nothing was rejected.");
    expect(await page.locator("us-blocklist-panel").getByRole("group").count()).toBe(0);
  });

  it("imports exactly the rows previewed, and shows how it read the columns and the dates", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Import" }).click();
    const text = page.getByLabel("CSV", { exact: true });
    const importButton = page.getByRole("button", { name: /^Import \d+ rows?$/ });
    const csv = "Full name,Organization,Timestamp,Country,Notes\nAna Ruiz,Importada Uno,2025-03-04,MX,x\n";
    await text.fill(csv);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => importButton.textContent()).toBe("Import 1 row");
    const columns = page.getByRole("table", { name: "Columns read" });
    expect(await columns.getByRole("row", { name: /Full name/ }).textContent()).toContain("Contact name");
    expect(await columns.getByRole("row", { name: /Timestamp/ }).textContent()).toContain("Date signed");
    expect(await columns.getByRole("row", { name: /Notes/ }).textContent()).toContain("ignored");
    expect(await page.locator("us-import-panel [part=preview] tr", { hasText: "Importada Uno" }).textContent()).toContain("Mar 4, 2025");

    // Changed text is not what was previewed: nothing to import until it is previewed again.
    await text.fill(`${csv},Importada Dos,,MX,\n,Importada Tres,,Atlantis,\n`);
    expect(await importButton.count()).toBe(0);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => importButton.textContent()).toBe("Import 2 rows");
    await importButton.click();

    await expect.poll(() => page.locator("us-import-panel").getByRole("status").textContent()).toBe("Imported 2 rows.");
    // The row left out stays listed, with its reason, and has the focus.
    expect((await focusedElement(page)).text).toBe("1 row was not imported");
    expect(await page.locator("us-import-panel [part=preview] tbody tr").allTextContents()).toEqual([expect.stringMatching(/4.*Importada Tres.*Atlantis/s)]);
    expect(await importButton.count()).toBe(0);
    const imported = (await adminApi(organizer, `/campaigns/${slug}/signatures?q=importada`)).body.items.map((s: { name: string }) => s.name);
    expect(imported.sort()).toEqual(["Importada Dos", "Importada Uno"]);
  });

  it("names each entry's buttons, asks before rejecting, and says what was done", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer);
    const campaign = `(SELECT id FROM campaigns WHERE slug = '${slug}')`;
    const [alfa, beta] = [`${slug}-held-alfa`, `${slug}-held-beta`];
    const now = Date.now();
    await session.worker.sql(
      `INSERT INTO signatures (id, campaign_id, name, sort_key, organization_key, search_text, source, letter_version, status, created_at)
       VALUES ('${alfa}', ${campaign}, 'Colectivo Alfa', 'colectivo alfa', 'colectivo alfa', 'colectivo alfa', 'seed', 1, 'held', ${now}),
              ('${beta}', ${campaign}, 'Colectivo Beta', 'colectivo beta', 'colectivo beta', 'colectivo beta', 'seed', 1, 'held', ${now - 1000})`,
    );
    const statusOf = async (id: string) => (await adminApi(organizer, `/campaigns/${slug}/signatures/${id}`)).body.status;
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Signatures" }).click();
    for (const action of ["Approve", "Reject", "Edit"]) {
      await expect.poll(() => page.getByRole("button", { name: `${action} Colectivo Alfa`, exact: true }).count()).toBe(1);
      expect(await page.getByRole("button", { name: `${action} Colectivo Beta`, exact: true }).count()).toBe(1);
    }

    await page.getByRole("button", { name: "Reject Colectivo Alfa", exact: true }).click();
    const question = page.getByRole("group", { name: "Reject Colectivo Alfa? It cannot be undone." });
    await expect.poll(() => question.count()).toBe(1);
    expect((await focusedElement(page)).text).toBe("Cancel");
    expect(await statusOf(alfa)).toBe("held");
    await question.getByRole("button", { name: "Reject", exact: true }).click();

    const status = page.locator("us-signature-review").getByRole("status").filter({ hasNotText: "Loading" });
    await expect.poll(() => status.textContent()).toBe("Rejected Colectivo Alfa.");
    expect(await statusOf(alfa)).toBe("rejected");
    // The rejected entry left the list; the focus is on the one now in its place.
    expect((await focusedElement(page)).text).toBe("Colectivo Beta");

    const sidebarEntry = page.getByRole("navigation", { name: "Campaigns" }).getByRole("link", { name: /Carta a los líderes/ });
    const { count } = (await adminApi(organizer, `/campaigns/${slug}`)).body;
    await page.getByRole("button", { name: "Approve Colectivo Beta", exact: true }).click();
    await expect.poll(() => status.textContent()).toBe("Approved Colectivo Beta.");
    expect((await focusedElement(page)).text).toBe("No signatures here.");
    await expect.poll(() => sidebarEntry.textContent()).toContain(`(${count + 1})`);

    // The history names a signature wherever an entry records its name.
    expect((await adminApi(organizer, `/campaigns/${slug}/signatures/${beta}`, { method: "PATCH", body: { name: "Colectivo Beta A.C." } })).status).toBe(200);
    await page.getByRole("tab", { name: "History" }).click();
    const entries = page.locator("us-audit-log").getByRole("listitem");
    await expect.poll(() => entries.first().textContent()).toContain(`${organizer.email} corrected the name of Colectivo Beta A.C.`);
    expect(await entries.nth(1).textContent()).toContain(`${organizer.email} approved Colectivo Beta A.C.`);
  });
});
