import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { blocklist, campaigns, outbox, signatures, tokens } from "../../schema/tables";
import { runScheduled } from "../support/cron";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

const HOUR_MS = 60 * 60 * 1000;
const PUBLIC_URL = "https://letters.example";

/** The cron as production runs it, at `hoursLater` hours from now, with the public origin its links need. */
const cronAt = (hoursLater: number) => runScheduled(Date.now() + hoursLater * HOUR_MS, { PUBLIC_URL });

async function signOn(slug: string, overrides: Record<string, unknown> = {}) {
  const body = signOnBody(overrides);
  const response = await postJson(`/api/campaigns/${slug}/signatures`, body);
  expect(response.status).toBe(202);
  return body;
}

const reminders = async (email: string) => (await mailbox(email)).filter((sent) => sent.template === "reminder");
const signatureOf = async (email: string) => (await db.select().from(signatures).where(eq(signatures.email, email)).all())[0];

describe("cron: reminder to confirm", () => {
  it("sends one reminder after 48 hours, in the signer's language, whose fresh link confirms what was signed", async () => {
    const campaign = await seedCampaign({ translations: { fr: { title: "Lettre aux dirigeants" } } });
    const body = await signOn(campaign.slug, { organization: "Collectif Frontières", locale: "fr", partner: "red-migrante" });

    await cronAt(49);

    const [reminder] = await reminders(body.email);
    expect(reminder.subject).toBe("Pas encore comptée\u00a0: confirmez votre signature pour Lettre aux dirigeants");
    expect(reminder.text).toContain("La signature n’est pas encore comptée, et rien n’est affiché avant votre confirmation.");
    expect(reminder.text).toContain("Si vous n’avez rien demandé, ignorez ce courriel");
    expect(reminder.text).toContain(`${PUBLIC_URL}/verify/`);
    expect((await signatureOf(body.email)).remindedAt).toEqual(expect.any(Date));

    const confirmed = await call(verifyPath(reminder), { method: "POST" });

    expect(confirmed.status).toBe(200);
    expect(await signatureOf(body.email)).toMatchObject({ status: "published", name: "Collectif Frontières", partner: "red-migrante", locale: "fr" });
  });

  it("sends nothing before 48 hours have passed", async () => {
    const campaign = await seedCampaign();
    const body = await signOn(campaign.slug);

    await cronAt(47);

    expect(await reminders(body.email)).toEqual([]);
    expect((await signatureOf(body.email)).remindedAt).toBeNull();
  });

  it("never sends a second reminder", async () => {
    const campaign = await seedCampaign();
    const body = await signOn(campaign.slug, { locale: "es" });

    await cronAt(49);
    await cronAt(97);
    await cronAt(150);

    const sent = await reminders(body.email);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toContain("Todavía no cuenta");
  });

  it("counts 48 hours from the last link a repeated sign-on mailed", async () => {
    const campaign = await seedCampaign();
    const body = await signOn(campaign.slug);
    // The same sign-on sent again two days later gets a fresh link of its own then.
    await db.update(signatures).set({ createdAt: new Date(Date.now() - 49 * HOUR_MS) }).where(eq(signatures.email, body.email)).run();

    await cronAt(0);

    expect(await reminders(body.email)).toEqual([]);
  });

  it("sends none for a campaign that closed, and none after", async () => {
    const campaign = await seedCampaign();
    const body = await signOn(campaign.slug);
    await db.update(campaigns).set({ status: "closed" }).where(eq(campaigns.id, campaign.id)).run();

    await cronAt(49);
    await db.update(campaigns).set({ status: "open" }).where(eq(campaigns.id, campaign.id)).run();
    await cronAt(50);

    expect(await reminders(body.email)).toEqual([]);
  });

  it("sends none once the campaign's deadline passed", async () => {
    const campaign = await seedCampaign({ closesAt: new Date(Date.now() + 24 * HOUR_MS) });
    const body = await signOn(campaign.slug);

    await cronAt(49);

    expect(await reminders(body.email)).toEqual([]);
  });

  it("sends none for a confirmed signature", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);

    await cronAt(49);

    expect(await reminders(body.email)).toEqual([]);
  });

  it("sends none to an address the campaign blocked since, nor to one in a blocked domain", async () => {
    const campaign = await seedCampaign();
    const byAddress = await signOn(campaign.slug, { email: `blocked-${Date.now()}@example.org` });
    const byDomain = await signOn(campaign.slug, { email: `someone@lists.spam-${Date.now()}.example` });
    await db.insert(blocklist).values([
      { campaignId: campaign.id, kind: "email", value: byAddress.email },
      { campaignId: campaign.id, kind: "domain", value: byDomain.email.split("@")[1].split(".").slice(1).join(".") },
    ]);

    await cronAt(49);

    expect(await reminders(byAddress.email)).toEqual([]);
    expect(await reminders(byDomain.email)).toEqual([]);
  });

  it("sends none to an address whose email bounced or complained", async () => {
    const campaign = await seedCampaign();
    const bounced = await signOn(campaign.slug);
    const complained = await signOn(campaign.slug);
    await db.update(outbox).set({ status: "bounced" }).where(eq(outbox.recipient, bounced.email)).run();
    await db.update(outbox).set({ status: "complained" }).where(eq(outbox.recipient, complained.email)).run();

    await cronAt(49);

    expect(await reminders(bounced.email)).toEqual([]);
    expect(await reminders(complained.email)).toEqual([]);
  });

  it("waits while the address had its day's share of sign-on emails, then sends it", async () => {
    const campaign = await seedCampaign();
    const first = await signOn(campaign.slug, { organization: "Primera Organización" });
    const old = new Date(Date.now() - 49 * HOUR_MS);
    const [{ id }] = await db.update(signatures).set({ createdAt: old }).where(eq(signatures.email, first.email)).returning({ id: signatures.id });
    await db.update(tokens).set({ createdAt: old }).where(eq(tokens.signatureId, id)).run();
    // Four more sign-ons to the same address today: five emails, the day's share.
    for (let i = 0; i < 4; i++) await signOn(campaign.slug, { organization: `Otra Organización ${i}`, email: first.email });

    await cronAt(0);

    expect(await reminders(first.email)).toEqual([]);
    expect((await db.select().from(signatures).where(eq(signatures.id, id)).get())!.remindedAt).toBeNull();

    await cronAt(25);

    expect((await reminders(first.email)).map((sent) => sent.text)).toEqual([expect.stringContaining("Primera Organización")]);
  });
});
