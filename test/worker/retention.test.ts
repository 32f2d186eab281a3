import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { campaigns, outbox, signatures, tokens } from "../../schema/tables";
import { countingD1, d1Stats, resetD1Stats } from "../../worker/lib/d1-stats";
import { newId } from "../../worker/lib/tokens";
import { purgeUnverified, retentionPolicy } from "../../worker/services/retention";
import { runScheduled } from "../support/cron";
import { call, db, postJson, seedCampaign, signAndConfirm, signOnBody } from "../support/worker";

const DAY = 24 * 60 * 60 * 1000;
const policy = retentionPolicy({ UNVERIFIED_RETENTION_DAYS: "14", CONTACT_RETENTION_DAYS: "180" });

// Through the cron's own entry point, as Cloudflare runs it every minute: a purge left out of
// `scheduled` fails these tests.
const runCron = (at: number) => runScheduled(at);

describe("retention", () => {
  it("reads its periods from the environment, with safe defaults", () => {
    expect(retentionPolicy({})).toEqual({ unverifiedDays: 14, contactDays: 180 });
    expect(retentionPolicy({ CONTACT_RETENTION_DAYS: "30", UNVERIFIED_RETENTION_DAYS: "nonsense" })).toEqual({ unverifiedDays: 14, contactDays: 30 });
  });

  it("deletes sign-ons still unconfirmed after 14 days, with their tokens and emails", async () => {
    const campaign = await seedCampaign();
    const stale = signOnBody();
    const fresh = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, stale);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, fresh);
    const [staleRow] = await db.select().from(signatures).where(eq(signatures.email, stale.email)).all();
    await db.update(signatures).set({ createdAt: new Date(Date.now() - 15 * DAY) }).where(eq(signatures.id, staleRow.id)).run();

    await runCron(Date.now());

    expect(await db.select().from(signatures).where(eq(signatures.email, stale.email)).all()).toEqual([]);
    expect(await db.select().from(tokens).where(eq(tokens.signatureId, staleRow.id)).all()).toEqual([]);
    expect(await db.select().from(outbox).where(eq(outbox.recipient, stale.email)).all()).toEqual([]);
    expect(await db.select().from(signatures).where(eq(signatures.email, fresh.email)).all()).toHaveLength(1);
  });

  it("finds a deleted sign-on's emails by index, not by reading the whole outbox for each sign-on", async () => {
    const campaign = await seedCampaign();
    const stale = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, stale);
    await db.update(signatures).set({ createdAt: new Date(Date.now() - 15 * DAY) }).where(eq(signatures.email, stale.email)).run();
    // Other signers' emails: every one of them is a row the database would read per deleted sign-on
    // (the outbox's reference to it is set to null), thousands of times a run on a real campaign.
    const others = `other-${campaign.slug}`;
    await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
      INSERT INTO outbox (id, recipient, template, locale, subject, text, html, status) SELECT ${others} || '-' || i, 'someone@example.org', 'verify', 'en', 'Subject', 'Text', 'Html', 'sent' FROM n`);

    resetD1Stats();
    await purgeUnverified(drizzle(countingD1(env.DB)), policy, new Date());

    expect(await db.select().from(signatures).where(eq(signatures.email, stale.email)).all()).toEqual([]);
    expect(d1Stats().rowsRead).toBeLessThan(100);
  });

  it("deletes sign-ons flagged as bots after 14 days as well: their addresses are often someone else's", async () => {
    const campaign = await seedCampaign({ botPolicy: "flag" });
    const bot = signOnBody({ fax: "+1 555 0100" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, bot);
    await db.update(signatures).set({ createdAt: new Date(Date.now() - 15 * DAY) }).where(eq(signatures.email, bot.email)).run();

    await runCron(Date.now());

    expect(await db.select().from(signatures).where(eq(signatures.email, bot.email)).all()).toEqual([]);
  });

  it("erases contact data 180 days after a campaign closed, keeping public entries and the count", async () => {
    const campaign = await seedCampaign({ language: "en" });
    const { body } = await signAndConfirm(campaign.slug, { organization: "Quixote Center", locale: "es", email: `contact-${Date.now()}@quixote-private.example` });
    const [signed] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    await db.update(campaigns).set({ status: "closed", closesAt: new Date(Date.now() - 181 * DAY) }).where(eq(campaigns.id, campaign.id)).run();

    await runCron(Date.now());

    const [kept] = await db.select().from(signatures).where(eq(signatures.id, signed.id)).all();
    // Every contact column of the README's privacy table: name, title, address, its domain, language.
    expect(kept).toMatchObject({
      name: "Quixote Center",
      status: "published",
      contactName: null,
      contactTitle: null,
      email: null,
      emailDomain: null,
      locale: "en",
    });
    expect(JSON.stringify(kept)).not.toContain("quixote-private");
    const links = await db.select().from(tokens).where(eq(tokens.signatureId, signed.id)).all();
    expect(links.every((link) => link.details === null)).toBe(true);
    const emails = await db.select().from(outbox).where(eq(outbox.signatureId, signed.id)).all();
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((email) => email.recipient === "(erased)" && email.text === "")).toBe(true);
    const summary = await (await call(`/api/campaigns/${campaign.slug}`)).json<any>();
    expect(summary.count).toBe(1);
  });

  it("erases a contact that came without an email address", async () => {
    const campaign = await seedCampaign({ status: "closed", closesAt: new Date(Date.now() - 181 * DAY) });
    const id = newId();
    await db.insert(signatures).values({
      id,
      campaignId: campaign.id,
      name: "Imported Collective",
      sortKey: "imported collective",
      organizationKey: "imported collective",
      searchText: "imported collective",
      contactName: "Luz Ramírez",
      contactTitle: "Directora",
      locale: "fr",
      source: "import:form.csv",
      letterVersion: 1,
      status: "published",
    });

    await runCron(Date.now());

    const [kept] = await db.select().from(signatures).where(eq(signatures.id, id)).all();
    expect(kept).toMatchObject({ name: "Imported Collective", contactName: null, contactTitle: null, email: null, emailDomain: null, locale: "en" });
  });

  it("keeps contact data of a campaign closed more recently", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);
    await db.update(campaigns).set({ status: "closed", closesAt: new Date(Date.now() - 30 * DAY) }).where(eq(campaigns.id, campaign.id)).run();

    await runCron(Date.now());

    expect(await db.select().from(signatures).where(eq(signatures.email, body.email)).all()).toHaveLength(1);
  });
});
