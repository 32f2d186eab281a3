import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaigns, outbox, signatures } from "../../schema/tables";
import { MAX_ATTEMPTS } from "../../worker/email/outbox";
import { runScheduled } from "../support/cron";
import { resendAccount } from "../support/resend";
import { call, db, postJson, seedCampaign, signAndConfirm, signOnBody } from "../support/worker";

// The README's privacy table, promise by promise, through the entry points production uses: the
// worker's `fetch` for every page and API, its `scheduled` for the cron. (Retention periods:
// retention.test.ts.)

const LIVE_TOKEN = /\/(verify|withdraw)\/[A-Za-z0-9_-]{43}/;

describe("privacy: contact data stays with the organizers", () => {
  it("never shows a contact's name, title, address or its domain on the public API or the hosted page", async () => {
    const campaign = await seedCampaign({ signerKinds: ["organization", "individual"] });
    const contact = { contactName: "Zacarías Privado", contactTitle: "Tesorero Confidencial", email: `zacarias-${Date.now()}@buzon-privado.example` };
    await signAndConfirm(campaign.slug, { organization: "Colectivo Público", website: "https://colectivo.example", ...contact });
    await signAndConfirm(campaign.slug, { kind: "individual", organization: undefined, name: "Persona Pública", affiliation: "Red Abierta", ...contact, email: `otra-${contact.email}` });

    const surfaces = {
      campaign: await (await call(`/api/campaigns/${campaign.slug}`)).text(),
      list: await (await call(`/api/campaigns/${campaign.slug}/signatures`)).text(),
      search: await (await call(`/api/campaigns/${campaign.slug}/signatures?q=zacarias`)).text(),
      page: await (await call(`/c/${campaign.slug}`)).text(),
    };

    expect(surfaces.list).toContain("Colectivo Público");
    expect(surfaces.page).toContain("Persona Pública");
    for (const [surface, text] of Object.entries(surfaces)) {
      for (const secret of ["Zacarías", "Tesorero Confidencial", "buzon-privado", "zacarias-"]) expect(text, `${surface}: ${secret}`).not.toContain(secret);
    }
    expect(JSON.parse(surfaces.search).items).toEqual([]);
  });

  it("stores no IP address: rate limits count clients without keeping them", async () => {
    const campaign = await seedCampaign();
    const address = "198.51.100.77";
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, { "CF-Connecting-IP": address });

    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'").all<{ name: string }>();
    for (const { name } of tables.results) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
      expect(JSON.stringify(results), name).not.toContain(address);
    }
  });
});

describe("privacy: links' tokens do not outlive their emails", () => {
  it("blanks the token of a link once its email is out", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);

    const [email] = await db.select().from(outbox).where(eq(outbox.recipient, body.email)).all();
    expect((await resend.delivered(body.email))[0].body.text).toMatch(LIVE_TOKEN);
    expect(email.status).toBe("sent");
    expect(email.text + email.html).not.toMatch(LIVE_TOKEN);
  });

  it("blanks it too when the email is given up after its last attempt", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await resend.script([500]);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    await db.update(outbox).set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: new Date(0) }).where(eq(outbox.recipient, body.email)).run();
    await resend.script([500]);

    await runScheduled(Date.now(), resend.bindings);

    const [email] = await db.select().from(outbox).where(eq(outbox.recipient, body.email)).all();
    expect(email.status).toBe("failed");
    expect(email.text).toContain("/verify/");
    expect(email.text + email.html).not.toMatch(LIVE_TOKEN);
  });
});

describe("privacy: unconfirmed sign-ons and contact data go on time, through the cron", () => {
  const DAY = 24 * 60 * 60 * 1000;

  it("deletes an unconfirmed sign-on after UNVERIFIED_RETENTION_DAYS, and keeps a confirmed one", async () => {
    const campaign = await seedCampaign();
    const stale = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, stale);
    const { body: confirmed } = await signAndConfirm(campaign.slug);
    await db.update(signatures).set({ createdAt: new Date(Date.now() - 15 * DAY) }).where(eq(signatures.campaignId, campaign.id)).run();

    await runScheduled(Date.now());

    const left = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all();
    expect(left.map((row) => row.email)).toEqual([confirmed.email]);
  });

  it("erases contact data CONTACT_RETENTION_DAYS after the campaign closed, as the deployment sets the period", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);
    await db.update(campaigns).set({ status: "closed", closesAt: new Date(Date.now() - 31 * DAY) }).where(eq(campaigns.id, campaign.id)).run();

    await runScheduled(Date.now());
    const kept = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).get();
    await runScheduled(Date.now(), { CONTACT_RETENTION_DAYS: "30" });
    const erased = await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).get();

    expect(kept!.email).toBe(body.email);
    expect(erased).toMatchObject({ email: null, emailDomain: null, contactName: null, contactTitle: null });
  });
});
