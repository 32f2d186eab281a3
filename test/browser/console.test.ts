import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, startLocalWorker, type LocalWorker } from "./local-worker";

let worker: LocalWorker;
let browser: Browser;
let page: Page;
let token: string;
const organizer = "organizer@coalition.example";
const slug = `nals-${Date.now().toString(36)}`;

interface MailboxEmail {
  text: string;
}

async function latestLink(to: string, path: RegExp) {
  const emails: MailboxEmail[] = await (await fetch(`${worker.url}/dev/mailbox.json?to=${encodeURIComponent(to)}`)).json();
  const match = emails[0]?.text.match(path);
  if (!match) throw new Error(`no link for ${to}`);
  return match[0];
}

beforeAll(async () => {
  execFileSync(process.execPath, ["scripts/build-admin.ts"], { stdio: "inherit" });
  worker = await startLocalWorker();
  // Bootstrapped as the README says: a campaign, then the CLI makes its organizer.
  worker.sql("INSERT INTO campaigns (slug, title, body, status) VALUES ('bootstrap', 'Bootstrap letter', 'Text', 'draft')");
  const cli = execFileSync(process.execPath, ["scripts/organizer.ts", "add", organizer, "--campaign", "bootstrap", "--persist-to", worker.persistTo], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` },
  });
  token = cli.trim().split("\n").at(-1)!;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe("organizer console", () => {
  it("signs in through the emailed link", async () => {
    const response = await page.goto(`${worker.url}/admin`);
    expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.getByLabel("Email address").fill(organizer);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("sign-in link is on its way");

    await page.goto(worker.url + (await latestLink(organizer, /\/admin\/login\/[A-Za-z0-9_-]+/)));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${worker.url}/admin`);
    await expect.poll(() => page.getByText(`Signed in as ${organizer}`).count()).toBe(1);
  });

  it("creates a campaign that holds signatures for approval", async () => {
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

    await page.waitForURL(`${worker.url}/admin#${slug}`);
    await expect.poll(() => page.getByRole("heading", { name: "Carta a los líderes de América del Norte" }).count()).toBe(1);
  });

  it("approves a held signature", async () => {
    const email = "coordinacion@fraymatias.example";
    const signOn = await fetch(`${worker.url}/api/campaigns/${slug}/signatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        organization: "Centro de Derechos Humanos Fray Matías de Córdova, A.C.",
        country: "MX",
        city: "Tapachula",
        website: "https://fraymatias.example",
        members: ["Red Jesuita con Migrantes"],
        contactName: "Ana Pérez",
        email,
        locale: "es",
        authorized: true,
      }),
    });
    expect(signOn.status).toBe(202);
    expect((await fetch(worker.url + (await latestLink(email, /\/verify\/[A-Za-z0-9_-]+/)), { method: "POST" })).status).toBe(200);

    await page.getByRole("tab", { name: "Signatures" }).click();
    const entry = page.locator("us-signature-review li", { hasText: "Fray Matías de Córdova" });
    await expect.poll(() => entry.count()).toBe(1);
    await expect.poll(() => entry.getByText("Email domain matches website").count()).toBe(1);
    // `UPDATE_SCREENSHOTS=1 npx vitest run --project browser` refreshes the README's picture.
    await page.screenshot({ path: process.env.UPDATE_SCREENSHOTS ? "docs/console.png" : undefined });
    await entry.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => entry.count()).toBe(0);

    const list = await (await fetch(`${worker.url}/api/campaigns/${slug}/signatures`)).json();
    expect(list.count).toBe(1);

    await page.getByRole("tab", { name: "History" }).click();
    const approval = page.locator("us-audit-log tbody tr").first();
    await expect.poll(() => approval.textContent()).toContain("approve · signature");
    expect(await approval.textContent()).toContain(organizer);
  });

  it("downloads the CSV and the PDF", async () => {
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
    const hostile = ['<img src=x onerror="window.__pwned=1">', '"><script>window.__pwned=2</script>', "=HYPERLINK(\"http://evil.example\")", "\u202Eevil\u202C"];
    const csv = "Organization,Country\n" + hostile.map((name) => `"${name.replace(/"/g, '""')}",MX`).join("\n");
    // The CLI's token works for scripts: bearer authentication, no cookie.
    const imported = await fetch(`${worker.url}/api/admin/campaigns/${slug}/imports`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ csv, commit: true }),
    });
    const result = await imported.json();
    // The bidi override is refused at the edge, with the row named; the rest are stored as typed.
    expect(result.summary).toMatchObject({ imported: 3, errors: 1 });

    await page.reload();
    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.getByLabel("Show").selectOption("published");
    for (const name of hostile.slice(0, 3)) await expect.poll(() => page.getByText(name, { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("us-signature-review img, us-signature-review script").count()).toBe(0);

    await page.getByRole("tab", { name: "Signatures" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.getByRole("tab", { name: "Letter and settings" }).getAttribute("aria-selected")).toBe("true");
    const focused = await page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      return element?.textContent?.trim();
    });
    expect(focused).toBe("Letter and settings");
  });
});
