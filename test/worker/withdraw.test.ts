import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, signatures } from "../../schema/tables";
import { call, db, mailbox, seedCampaign, signAndConfirm } from "../support/worker";

const countOf = async (slug: string) => (await (await call(`/api/campaigns/${slug}`)).json<any>()).count;

async function withdrawLinkFor(email: string) {
  const confirmed = (await mailbox(email)).find((message) => message.template === "confirmed")!;
  return confirmed.text.match(/\/withdraw\/[A-Za-z0-9_-]{43}/)![0];
}

describe("/withdraw/:token", () => {
  it("is offered in the confirmation email; opening it changes nothing", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug, { locale: "fr" });
    const link = await withdrawLinkFor(body.email);

    const page = await call(link);

    expect(page.status).toBe(200);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    const text = await page.text();
    expect(text).toContain("Retirer la signature");
    expect(text).toContain("Rien ne change avant que vous ne cliquiez sur le bouton.");
    expect(text).not.toContain("Rien n’est publié");
    expect(await countOf(campaign.slug)).toBe(1);
  });

  it("takes the signature off the list and the count when the button is pressed, once", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug, { organization: "Witness at the Border", locale: "en" });
    const link = await withdrawLinkFor(body.email);

    const done = await call(link, { method: "POST" });
    const replay = await call(link, { method: "POST" });

    expect(done.status).toBe(200);
    const page = await done.text();
    expect(page).toContain("Witness at the Border is no longer listed");
    expect(page).toContain("You can sign again at any time.");
    // An English signer's link names English too: the reader's browser would choose otherwise.
    expect(page).toContain(`/c/${campaign.slug}?lang=en"`);
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain("This signature is no longer on the letter");
    expect(await countOf(campaign.slug)).toBe(0);
    const list = await (await call(`/api/campaigns/${campaign.slug}/signatures`)).json<any>();
    expect(list.items).toEqual([]);
    const [stored] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    expect(stored.status).toBe("withdrawn");
  });

  it("lets a withdrawn signer sign again", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);
    await call(await withdrawLinkFor(body.email), { method: "POST" });

    await signAndConfirm(campaign.slug, { ...body, email: body.email });

    expect(await countOf(campaign.slug)).toBe(1);
  });

  it("explains an unknown link with a page", async () => {
    const response = await call(`/withdraw/${"A".repeat(43)}`);
    expect(response.status).toBe(404);
    const page = await response.text();
    expect(page).toContain("This link is not valid");
    expect(page).not.toContain("sign the letter again");
  });

  it("does not offer to sign again once the letter is closed", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug, { locale: "en" });
    const link = await withdrawLinkFor(body.email);
    await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, campaign.id));

    const done = await (await call(link, { method: "POST" })).text();

    expect(done).toContain("is no longer listed");
    expect(done).not.toContain("sign again");
  });

  it("explains an unknown link in the language the browser asks for", async () => {
    const response = await call(`/withdraw/${"A".repeat(43)}`, { headers: { "Accept-Language": "es-MX,es;q=0.9" } });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<html lang="es">');
  });
});
