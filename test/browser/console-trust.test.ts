import { describe, expect, it } from "vitest";
import { seedOrganizer, signAndConfirm, unique } from "./fixtures";
import { useConsoleSession } from "./console-session";

const session = useConsoleSession();

/** Signs on from an address at the organization's own domain, asking not to be named, and confirms. */
const signUnnamed = (slug: string) =>
  signAndConfirm(session.worker, slug, {
    organization: "Colectivo Resguardado",
    country: "GT",
    website: "resguardado.example",
    contactName: "Ana",
    email: `${unique("coordinacion")}@resguardado.example`,
    unnamed: true,
  });

describe("organizer console: signers at risk and the mark of authenticity", () => {
  it("shows who asked not to be named, turns the public mark on, and takes an entry's mark back, audited", async () => {
    const organizer = await seedOrganizer(session.worker);
    const slug = unique("carta");
    expect((await session.adminApi(organizer, "/campaigns", { method: "POST", body: { slug, title: "Carta", body: "Las abajo firmantes…", status: "open" } })).status).toBe(201);
    await signUnnamed(slug);
    const page = await session.signedIn(organizer, `/admin#${slug}`);

    await page.getByRole("tab", { name: "Letter and settings" }).click();
    await page.getByLabel(/Show a public ✓/).check();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await session.adminApi(organizer, `/campaigns/${slug}`)).body.showAuthenticity).toBe(true);

    await page.getByRole("tab", { name: "Signatures" }).click();
    await page.locator("us-signature-review").getByLabel("Show").selectOption("published");
    const entry = page.locator("us-signature-review li", { hasText: "Colectivo Resguardado" });
    await expect.poll(() => entry.getByText("Asked not to be named publicly").count()).toBe(1);
    await expect.poll(() => entry.getByText("Public mark: confirmed from its own domain").count()).toBe(1);
    await entry.getByRole("button", { name: "Take back the public mark of authenticity of Colectivo Resguardado" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Colectivo Resguardado no longer carries the mark of authenticity." }).count()).toBe(1);
    await expect.poll(() => entry.getByRole("button", { name: /Grant the public mark of authenticity to Colectivo Resguardado/ }).count()).toBe(1);

    await page.getByRole("tab", { name: "History" }).click();
    await expect
      .poll(() => page.locator("us-audit-log").getByRole("listitem").first().textContent())
      .toContain(`${organizer.email} took the public mark of authenticity from Colectivo Resguardado`);
  });
});
