import { describe, expect, it } from "vitest";
import { mailedLink, seedOrganizer, signAndConfirm, unique, type SeededOrganizer } from "./fixtures";
import { useConsoleSession } from "./console-session";

// The console's part in a coalition's memory and in signers' own corrections. One worker and one
// browser for the file; each test makes its own organizer and campaigns.
const session = useConsoleSession();
const { signedIn } = session;

async function createCampaign(organizer: SeededOrganizer, title: string) {
  const slug = unique("coalicion");
  const created = await session.adminApi(organizer, "/campaigns", { method: "POST", body: { slug, title, status: "open" } });
  expect(created.status).toBe(201);
  return slug;
}

/** Signs on and confirms through the emailed link; answers the contact's address and the manage link of the confirmation email. */
async function signAndManage(slug: string, organization: string, coalitionConsent: boolean) {
  const email = `${unique("enlace")}@${unique("org")}.example`;
  await signAndConfirm(session.worker, slug, { organization, country: "MX", contactName: "Ana Pérez", email, locale: "es", coalitionConsent });
  return { email, managePath: await mailedLink(session.worker, email, /\/manage\/[A-Za-z0-9_-]{43}/) };
}

describe("the console and the coalition", () => {
  it("approves a signer's new name from the review queue", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = await createCampaign(organizer, "Carta de la coalición");
    const { managePath } = await signAndManage(slug, "Colectivo Frontera", false);
    const asked = await fetch(session.worker.url + managePath, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: session.worker.url },
      body: new URLSearchParams({ name: "Colectivo Frontera Sur", city: "", region: "", country: "MX", website: "", members: "" }).toString(),
    });
    expect(asked.status).toBe(200);
    const page = await signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.locator("us-signature-review select").first().selectOption("correction");
    const entry = page.locator("us-signature-review li", { hasText: "Colectivo Frontera" });
    await expect.poll(() => entry.getByText("The signer asks to change it to: Colectivo Frontera Sur").count()).toBe(1);
    await entry.getByRole("button", { name: "Approve the correction of Colectivo Frontera" }).click();

    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("The correction of Colectivo Frontera is published.");
    const campaign = await (await fetch(`${session.worker.url}/api/campaigns/${slug}`)).json();
    const list = await (await fetch(`${session.worker.url}/api/campaigns/${slug}/signatures?version=${campaign.listVersion}`)).json();
    expect(list.items.map((item: { name: string }) => item.name)).toEqual(["Colectivo Frontera Sur"]);
  });

  it("lists who agreed on an earlier letter, invites them in one step, and forgets whoever unsubscribes", async () => {
    const organizer = await seedOrganizer(session.worker);
    const earlier = await createCampaign(organizer, "Carta anterior");
    const next = await createCampaign(organizer, "Carta nueva");
    const { email } = await signAndManage(earlier, "Red Migrante", true);
    await signAndManage(earlier, "Sin Consentimiento", false);
    const page = await signedIn(organizer, `/admin#${next}`);

    await page.getByRole("tab", { name: "Coalition" }).click();
    const row = page.locator("us-coalition-panel tr", { hasText: "Red Migrante" });
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator("us-coalition-panel").getByText("Sin Consentimiento").count()).toBe(0);
    await page.getByRole("button", { name: "Invite everyone not yet invited (1)" }).click();

    await expect.poll(() => page.locator("us-coalition-panel").getByRole("status").textContent()).toContain("Invitations sent: 1.");
    await expect.poll(() => row.textContent()).not.toContain("Not yet");

    // The contact follows the invitation's unsubscribe link and presses the page's button.
    const unsubscribe = await session.newPage({ width: 375, height: 800 });
    await unsubscribe.goto(session.worker.url + (await mailedLink(session.worker, email, /\/coalition\/unsubscribe\/[A-Za-z0-9_-]+/)));
    await unsubscribe.getByRole("button", { name: "Cancelar la suscripción" }).click();
    await unsubscribe.getByRole("heading", { name: "Suscripción cancelada" }).waitFor();
    await page.reload();
    await page.getByRole("tab", { name: "Coalition" }).click();
    await expect.poll(() => page.locator("us-coalition-panel").textContent()).not.toContain("Red Migrante");
  });
});
