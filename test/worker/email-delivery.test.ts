import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { newId } from "../../worker/lib/tokens";
import { resendAccount, type ResendAccount } from "../support/resend";
import { db, HEAVY_TEST_TIMEOUT_MS, postJson, seedCampaign, signOnBody } from "../support/worker";

/** Runs the cron as Cloudflare would, `minutesFromNow`, sending through the given Resend account. */
async function runCron(minutesFromNow: number, resend: ResendAccount) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: Date.now() + minutesFromNow * 60_000, cron: "* * * * *" });
  await worker.scheduled(controller, { ...env, ...resend.bindings } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
}

async function outboxFor(recipient: string) {
  return db.select().from(outbox).where(eq(outbox.recipient, recipient)).all();
}

// The real Resend SDK, pointed at the local double; each test sends through an account of its own.
// Each waits on the worker's own pauses (200 ms gathering fresh emails, 400 ms between cron pages),
// some through eight cron runs.
describe("email delivery through Resend", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("sends the verification email once, with an idempotency key, plain text and HTML", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);

    const mine = await resend.delivered(body.email);
    expect(mine).toHaveLength(1);
    const [email] = await outboxFor(body.email);
    expect(mine[0]).toMatchObject({
      idempotencyKey: `outbox/${email.id}`,
      authorization: `Bearer ${resend.apiKey}`,
      // From the campaign, at the verified address: a coalition's member recognizes who writes.
      body: { from: '"Letter to the Leaders via Undersigned" <letters@undersigned.example>', to: body.email, subject: expect.stringContaining("Confirme su firma") },
    });
    expect(mine[0].body.text).toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
    expect(mine[0].body.html).toMatch(/<a href="[^"]+\/verify\/[A-Za-z0-9_-]{43}"/);
    expect(email).toMatchObject({ status: "sent", attempts: 1, providerId: mine[0].id });
    // Once out, the stored copy keeps no live token.
    expect(email.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
  });

  it("names the campaign as the sender, with nothing of its title able to break the From header", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign({ title: 'Carta "urgente" <ceo@evil.example>\r\nBcc: victim@example.org, y una larga lista de organizaciones firmantes' });
    const body = signOnBody();

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);

    const [sent] = await resend.delivered(body.email);
    const from: string = sent.body.from;
    expect(from).toMatch(/^"[^"<>\r\n]+ via Undersigned" <letters@undersigned\.example>$/);
    expect(from).toContain("Carta urgente ceo@evil.example Bcc: victim@example.org");
    expect(from.length).toBeLessThan(110);
  });

  it("has signers' replies reach the coalition's address, also when the email goes out later", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign({ replyTo: "coordinacion@coalicion.example" });
    const plain = await seedCampaign();
    const body = signOnBody();
    const other = signOnBody();

    await resend.script([429]);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    await runCron(1, resend);
    await postJson(`/api/campaigns/${plain.slug}/signatures`, other, {}, resend.bindings);

    const mine = await resend.delivered(body.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].body.reply_to).toBe("coordinacion@coalicion.example");
    const [elsewhere] = await resend.delivered(other.email);
    expect(elsewhere.body.reply_to).toBeUndefined();
  });

  it("keeps the signature when Resend says 429, spends no attempt, and the next cron minute sends it once", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await resend.script([429]);

    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);

    expect(response.status).toBe(202);
    const [queued] = await outboxFor(body.email);
    expect(queued).toMatchObject({ status: "queued", attempts: 0, lastError: expect.stringContaining("rate_limit_exceeded") });
    expect(await resend.delivered(body.email)).toHaveLength(0);

    await runCron(1, resend);
    const [sent] = await outboxFor(body.email);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(await resend.delivered(body.email)).toHaveLength(1);
  });

  it("sends a burst that Resend's rate limit turned away in one batch request at the next cron minute, each email once", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const bodies = Array.from({ length: 5 }, () => signOnBody());
    await resend.script(bodies.map(() => 429));
    for (const body of bodies) await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    const before = (await resend.requests()).length;

    await runCron(1, resend);

    const requests = (await resend.requests()).slice(before);
    expect(requests).toEqual([{ path: "/emails/batch", status: 200, idempotencyKey: expect.stringMatching(/^outbox-batch\/[0-9a-f]{64}$/) }]);
    for (const body of bodies) {
      const [email] = await outboxFor(body.email);
      const mine = await resend.delivered(body.email);
      expect(mine).toHaveLength(1);
      expect(mine[0].body.text).toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
      expect(email).toMatchObject({ status: "sent", attempts: 1, providerId: mine[0].id });
      expect(email.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
    }
  });

  it("sends more queued emails than one batch takes as batches of 100 at most", async () => {
    const resend = resendAccount();
    const recipients = Array.from({ length: 101 }, (_, i) => `lote${i}-${crypto.randomUUID()}@example.org`);
    // As a burst beyond Resend's rate leaves them: queued, no attempt spent, turned away by the rate limit.
    const [first, ...rest] = recipients.map((recipient) =>
      db.insert(outbox).values({ id: newId(), recipient, template: "verify", locale: "es", subject: "Confirme su firma", text: "Confirme", html: "<p>Confirme</p>", lastError: "rate_limit_exceeded: Too many requests" }),
    );
    await db.batch([first, ...rest]);

    await runCron(1, resend);

    // Resend refuses a batch of 101 outright: the cron's first page is 100, the one left goes alone.
    expect((await resend.requests()).map(({ path, status }) => ({ path, status }))).toEqual([
      { path: "/emails/batch", status: 200 },
      { path: "/emails", status: 200 },
    ]);
    expect((await resend.delivered()).map((email) => email.body.to).sort()).toEqual(recipients.sort());
  });

  it("sends the emails of simultaneous sign-ons together, in fewer Resend requests than sign-ons, each once", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const bodies = Array.from({ length: 10 }, () => signOnBody());

    await Promise.all(bodies.map((body) => postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings)));

    const delivered = [];
    for (const body of bodies) {
      const mine = await resend.delivered(body.email);
      expect(mine).toHaveLength(1);
      const [email] = await outboxFor(body.email);
      expect(email).toMatchObject({ status: "sent", attempts: 1, providerId: mine[0].id });
      expect(email.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
      delivered.push(mine[0]);
    }
    const requests = new Set(delivered.map((email) => email.idempotencyKey));
    expect(requests.size).toBeLessThan(bodies.length);
    expect([...requests].some((key) => key?.startsWith("outbox-batch/"))).toBe(true);
  });

  it("sends the emails of a batch Resend refuses one by one, so that one bad address holds back no other", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const bodies = [signOnBody(), signOnBody()];
    await resend.script([429, 429, 422]);
    for (const body of bodies) await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);

    await runCron(1, resend);

    for (const body of bodies) {
      expect(await resend.delivered(body.email)).toHaveLength(1);
      expect((await outboxFor(body.email))[0]).toMatchObject({ status: "sent", attempts: 1 });
    }
  });

  it("backs off through 500s and sends once when Resend recovers", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await resend.script([500, 500]);

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    await runCron(2, resend);
    await runCron(10, resend);

    const [sent] = await outboxFor(body.email);
    expect(sent).toMatchObject({ status: "sent", attempts: 3 });
    expect(await resend.delivered(body.email)).toHaveLength(1);
  });

  it("never delivers a second copy when a retry repeats a send Resend already took", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    const [email] = await outboxFor(body.email);
    const [taken] = await resend.delivered(body.email);
    // As if the worker died after Resend accepted the email but before recording it: the row is
    // still the email as it went out, live link included, which the retry sends again.
    await db
      .update(outbox)
      .set({ status: "queued", attempts: 0, providerId: null, sentAt: null, text: taken.body.text, html: taken.body.html })
      .where(eq(outbox.id, email.id))
      .run();

    await runCron(1, resend);

    expect(await resend.delivered(body.email)).toHaveLength(1);
    // Resend answered the retry from its idempotency key, with the id it gave the first send.
    expect(await resend.requests()).toEqual([
      { path: "/emails", status: 200, idempotencyKey: `outbox/${email.id}` },
      { path: "/emails", status: 200, idempotencyKey: `outbox/${email.id}` },
    ]);
    expect((await outboxFor(body.email))[0]).toMatchObject({ status: "sent", providerId: taken.id });
  });

  it("gives up after the last attempt and marks the email failed", async () => {
    const resend = resendAccount();
    const campaign = await seedCampaign();
    const body = signOnBody();
    await resend.script(Array(8).fill(500));

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend.bindings);
    for (let hour = 1; hour <= 8; hour++) await runCron(hour * 400, resend);

    const [failed] = await outboxFor(body.email);
    expect(failed).toMatchObject({ status: "failed", attempts: 8 });
    expect(await resend.delivered(body.email)).toHaveLength(0);
  });
});
