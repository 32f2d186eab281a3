import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useConsoleSession } from "./console-session";
import { seedOrganizer, unique, type SeededOrganizer } from "./fixtures";

// The console as a team uses it, on a phone: every section at 375 px, what each role is shown,
// invitations, the history's sentences and its undo. One worker and one browser for the file.
const session = useConsoleSession();
const { newPage, signedIn } = session;
let receiver: Server;
let receiverUrl: string;

const PHONE = { width: 375, height: 800 };

/** The organizer API, failing the test unless it succeeds. */
async function adminApi(organizer: SeededOrganizer, path: string, init: { method?: string; body?: unknown } = {}) {
  const { status, body } = await session.adminApi(organizer, path, init);
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return body;
}

/** A campaign of the organizer's with something in every section, long names included. */
async function busyCampaign(owner: SeededOrganizer) {
  const slug = unique("equipo");
  await adminApi(owner, "/campaigns", { method: "POST", body: { slug, title: "Carta a los líderes de América del Norte sobre movilidad humana", status: "open" } });
  const csv = [
    "Organization,Email,Country,Members",
    'Centro de Derechos Humanos Fray Matías de Córdova A.C. y Red Jesuita con Migrantes de Centroamérica y Norteamérica,coordinacion@fraymatias-derechos-humanos-centroamerica.example,MX,"Red Jesuita con Migrantes; Servicio Jesuita a Refugiados Latinoamérica y el Caribe"',
    "Ola de spam uno,uno@spam.example,MX,",
    "Ola de spam dos,dos@spam.example,MX,",
  ].join("\n");
  await adminApi(owner, `/campaigns/${slug}/imports`, { method: "POST", body: { csv, commit: true, source: "formulario-de-google-exportado-en-noviembre.csv" } });
  await adminApi(owner, `/campaigns/${slug}/blocklist`, { method: "POST", body: { kind: "domain", value: "un-dominio-muy-largo-de-correo-no-deseado.example", note: "ola de spam" } });
  await adminApi(owner, `/campaigns/${slug}/bulk-rejections`, { method: "POST", body: { domain: "spam.example", reason: "ola de spam del 30 de noviembre" } });
  await adminApi(owner, `/campaigns/${slug}/invitations`, { method: "POST", body: { email: `${unique("una-persona-con-un-correo-largo")}@coalicion-por-los-derechos.example`, role: "reviewer" } });
  const endpoint = await adminApi(owner, `/campaigns/${slug}/webhooks`, {
    method: "POST",
    body: { url: `${receiverUrl}/hooks/una-ruta-larga-para-el-crm-de-la-coalicion`, events: ["signature.published", "campaign.closed"], includeContacts: true },
  });
  await adminApi(owner, `/campaigns/${slug}/webhooks/${endpoint.id}/test`, { method: "POST" });
  return slug;
}

/** Opens every toggle and log in the console, so that what they hold is measured too. */
async function openEverything(page: Page) {
  for (const log of await page.getByRole("button", { name: /^Delivery log of/ }).all()) {
    await log.click();
    await expect.poll(() => log.getAttribute("aria-expanded")).toBe("true");
  }
  await page.evaluate(() => {
    const open = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll("*")) {
        if (element instanceof HTMLDetailsElement) element.open = true;
        if (element.shadowRoot) open(element.shadowRoot);
      }
    };
    open(document);
  });
}

const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Waits until no part of the page, shadow roots included, says it is loading. */
const loaded = (page: Page) => expect.poll(() => page.getByText("Loading…").count()).toBe(0);

beforeAll(async () => {
  receiver = createServer((request, response) => request.resume().on("end", () => response.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => receiver?.close(resolve)));

describe("the console for a team", () => {
  it("fits every section on a 375 px phone without scrolling sideways, its section tabs on one line", async () => {
    const owner = await seedOrganizer(session.worker);
    const slug = await busyCampaign(owner);
    const page = await signedIn(owner, `/admin#${slug}`, PHONE);
    const tabs = page.getByRole("tab");
    await expect.poll(() => tabs.count()).toBeGreaterThan(8);

    const tops = await Promise.all((await tabs.all()).map(async (tab) => (await tab.boundingBox())!.y));
    expect(new Set(tops).size, "every tab on the same line").toBe(1);
    for (const tab of await tabs.all()) {
      const name = (await tab.textContent())!.trim();
      await tab.click();
      await expect.poll(() => tab.getAttribute("aria-selected")).toBe("true");
      await loaded(page);
      await openEverything(page);
      await loaded(page);
      expect(await sidewaysScroll(page), `${name} scrolls sideways`).toBe(0);
    }

    await page.getByRole("button", { name: "New campaign" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Create campaign" }).count()).toBe(1);
    expect(await sidewaysScroll(page), "the new campaign's form scrolls sideways").toBe(0);
    const signIn = await newPage(PHONE);
    await signIn.goto(`${session.worker.url}/admin`);
    await expect.poll(() => signIn.getByRole("button", { name: "Send sign-in link" }).count()).toBe(1);
    expect(await sidewaysScroll(signIn), "the sign-in page scrolls sideways").toBe(0);
  });

  it("shows each role only the sections it may use", async () => {
    const owner = await seedOrganizer(session.worker);
    const slug = unique("roles");
    await adminApi(owner, "/campaigns", { method: "POST", body: { slug, title: "Carta", status: "open" } });
    const shown: Record<string, string[]> = {};
    for (const role of ["viewer", "reviewer", "editor"]) {
      const member = await seedOrganizer(session.worker, slug);
      await session.worker.sql(`UPDATE campaign_memberships SET role = ? WHERE organizer_id = (SELECT id FROM organizers WHERE email = ?)`, [role, member.email]);
      const page = await signedIn(member, `/admin#${slug}`);
      await expect.poll(() => page.getByRole("tab").count()).toBeGreaterThan(1);
      shown[role] = (await page.getByRole("tab").allTextContents()).map((text) => text.trim());
      // The dashboard asks only for what the role may read.
      await expect.poll(() => page.getByText("Signatures listed").count()).toBe(1);
      expect(await page.getByRole("navigation", { name: "Campaigns" }).textContent()).toContain(role);
    }

    const ownersOnly = ["Team", "Webhooks"];
    expect(shown.viewer).toEqual(["Dashboard", "Export", "Share & embed"]);
    expect(shown.reviewer).toEqual(expect.arrayContaining(["Dashboard", "Signatures", "Export", "Blocklist", "History"]));
    for (const hidden of ["Letter and settings", "Import", "Delivery & updates", ...ownersOnly]) expect(shown.reviewer).not.toContain(hidden);
    expect(shown.editor).toEqual(expect.arrayContaining([...shown.reviewer, "Letter and settings", "Import", "Delivery & updates"]));
    for (const hidden of ownersOnly) expect(shown.editor).not.toContain(hidden);
  });

  it("keeps the only owner, invites from the Team section; the invitee presses Join on the emailed link and works with that role", async () => {
    const owner = await seedOrganizer(session.worker);
    const slug = unique("invita");
    await adminApi(owner, "/campaigns", { method: "POST", body: { slug, title: "Carta a los líderes", status: "open" } });
    const invitee = `${unique("invitada")}@coalition.example`;
    const page = await signedIn(owner, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Team" }).click();
    // The only owner cannot step down: the console says why and shows the role kept.
    const ownRole = page.getByRole("combobox", { name: `Role of ${owner.email}` });
    await ownRole.selectOption("viewer");
    await expect.poll(() => page.locator("us-team-panel").getByRole("alert").textContent()).toBe("A campaign keeps at least one owner");
    await expect.poll(() => ownRole.inputValue()).toBe("owner");

    await page.getByRole("textbox", { name: "Email address" }).fill(invitee);
    await page.getByRole("combobox", { name: "Role", exact: true }).selectOption("editor");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => page.locator("us-team-panel").getByRole("status").textContent()).toBe(`Invitation sent to ${invitee}.`);
    await expect.poll(() => page.getByText(`${invitee}, as editor`).count()).toBe(1);

    const emails: Array<{ text: string }> = await (await fetch(`${session.worker.url}/dev/mailbox.json?to=${encodeURIComponent(invitee)}`)).json();
    const link = emails[0].text.match(/\/admin\/invitations\/[A-Za-z0-9_-]+/)![0];
    const invited = await newPage();
    await invited.goto(session.worker.url + link);
    await invited.getByRole("button", { name: "Join" }).click();
    await expect.poll(() => invited.getByRole("heading", { name: "Carta a los líderes" }).count()).toBe(1);
    expect(await invited.getByText("Your role: editor").count()).toBe(1);
    expect((await invited.getByRole("tab").allTextContents()).map((text) => text.trim())).toContain("Letter and settings");
  });

  it("tells the history in sentences, before and after behind a toggle, and undoes a bulk rejection from there", async () => {
    const owner = await seedOrganizer(session.worker);
    const slug = unique("historia");
    await adminApi(owner, "/campaigns", { method: "POST", body: { slug, title: "Carta", status: "open" } });
    await adminApi(owner, `/campaigns/${slug}/imports`, {
      method: "POST",
      body: { csv: "Organization,Email,Country\nSpam Uno,uno@spam.example,MX\nSpam Dos,dos@spam.example,MX\nColectivo Real,real@real.example,MX", commit: true },
    });
    await adminApi(owner, `/campaigns/${slug}/bulk-rejections`, { method: "POST", body: { domain: "spam.example", reason: "spam wave" } });
    const page = await signedIn(owner, `/admin#${slug}`);

    await page.getByRole("tab", { name: "History" }).click();
    const newest = page.locator("us-audit-log").getByRole("listitem").first();
    await expect.poll(() => newest.textContent()).toContain(`${owner.email} rejected 2 sign-ons from spam.example: spam wave`);
    expect(await page.locator("us-audit-log").getByText(`${owner.email} imported 3 signatures from csv`).count()).toBe(1);
    const details = newest.locator("details");
    expect(await details.getAttribute("open")).toBeNull();
    await newest.getByText("Before and after").click();
    expect(await details.textContent()).toMatch(/the status\s*Before:\s*published: 2\s*After:\s*rejected/);

    await newest.getByRole("button", { name: "Undo this rejection" }).click();
    await expect.poll(() => page.locator("us-audit-log").getByRole("status").textContent()).toBe("Returned 2 signatures to where they were.");
    const statuses = (await adminApi(owner, `/campaigns/${slug}/signatures`)).items.map((signature: { status: string }) => signature.status);
    expect(statuses).toEqual(["published", "published", "published"]);
    await expect.poll(() => newest.textContent()).toContain(`${owner.email} undid the rejection of 2 sign-ons from spam.example`);
    expect(await page.getByRole("button", { name: "Undo this rejection" }).count()).toBe(0);
  });
});
