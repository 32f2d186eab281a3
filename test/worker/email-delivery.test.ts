import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { db, postJson, seedCampaign, signOnBody } from "../support/worker";

// The real Resend SDK, pointed at the local double started in test/doubles/global-setup.ts.
const resend: Partial<Bindings> = { RESEND_API_KEY: "re_test_key", RESEND_BASE_URL: env.RESEND_DOUBLE_URL };

const double = {
  script: (statuses: number[]) =>
    fetch(`${env.RESEND_DOUBLE_URL}/__script`, { method: "POST", body: JSON.stringify(statuses) }),
  delivered: async (recipient: string) => {
    const { delivered } = await (await fetch(`${env.RESEND_DOUBLE_URL}/__delivered`)).json<any>();
    return { mine: delivered.filter((email: any) => email.body.to === recipient) };
  },
  /** The requests Resend has answered so far: path, status and idempotency key. */
  requests: async (): Promise<Array<{ path: string; status: number; idempotencyKey: string | null }>> =>
    (await (await fetch(`${env.RESEND_DOUBLE_URL}/__delivered`)).json<any>()).attempts,
};

async function runCron(minutesFromNow: number) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: Date.now() + minutesFromNow * 60_000, cron: "* * * * *" });
  await worker.scheduled(controller, { ...env, ...resend } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
}

async function outboxFor(recipient: string) {
  return db.select().from(outbox).where(eq(outbox.recipient, recipient)).all();
}

describe("email delivery through Resend", () => {
  it("sends the verification email once, with an idempotency key, plain text and HTML", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);

    const { mine } = await double.delivered(body.email);
    expect(mine).toHaveLength(1);
    const [email] = await outboxFor(body.email);
    expect(mine[0]).toMatchObject({
      idempotencyKey: `outbox/${email.id}`,
      authorization: "Bearer re_test_key",
      body: { from: env.MAIL_FROM, to: body.email, subject: expect.stringContaining("Confirme su firma") },
    });
    expect(mine[0].body.text).toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
    expect(mine[0].body.html).toMatch(/<a href="[^"]+\/verify\/[A-Za-z0-9_-]{43}"/);
    expect(email).toMatchObject({ status: "sent", attempts: 1, providerId: mine[0].id });
    // Once out, the stored copy keeps no live token.
    expect(email.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
  });

  it("has signers' replies reach the coalition's address, also when the email goes out later", async () => {
    const campaign = await seedCampaign({ replyTo: "coordinacion@coalicion.example" });
    const plain = await seedCampaign();
    const body = signOnBody();
    const other = signOnBody();

    await double.script([429]);
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);
    await runCron(1);
    await postJson(`/api/campaigns/${plain.slug}/signatures`, other, {}, resend);

    const { mine } = await double.delivered(body.email);
    expect(mine).toHaveLength(1);
    expect(mine[0].body.reply_to).toBe("coordinacion@coalicion.example");
    const [elsewhere] = (await double.delivered(other.email)).mine;
    expect(elsewhere.body.reply_to).toBeUndefined();
  });

  it("keeps the signature when Resend says 429, spends no attempt, and the next cron minute sends it once", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await double.script([429]);

    const response = await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);

    expect(response.status).toBe(202);
    const [queued] = await outboxFor(body.email);
    expect(queued).toMatchObject({ status: "queued", attempts: 0, lastError: expect.stringContaining("rate_limit_exceeded") });
    expect((await double.delivered(body.email)).mine).toHaveLength(0);

    await runCron(1);
    const [sent] = await outboxFor(body.email);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect((await double.delivered(body.email)).mine).toHaveLength(1);
  });

  it("sends a burst that Resend's rate limit turned away in one batch request at the next cron minute, each email once", async () => {
    const campaign = await seedCampaign();
    const bodies = Array.from({ length: 5 }, () => signOnBody());
    await double.script(bodies.map(() => 429));
    for (const body of bodies) await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);
    const before = (await double.requests()).length;

    await runCron(1);

    const requests = (await double.requests()).slice(before);
    expect(requests).toEqual([{ path: "/emails/batch", status: 200, idempotencyKey: expect.stringMatching(/^outbox-batch\/[0-9a-f]{64}$/) }]);
    for (const body of bodies) {
      const [email] = await outboxFor(body.email);
      const { mine } = await double.delivered(body.email);
      expect(mine).toHaveLength(1);
      expect(mine[0].body.text).toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
      expect(email).toMatchObject({ status: "sent", attempts: 1, providerId: mine[0].id });
      expect(email.text).not.toMatch(/\/verify\/[A-Za-z0-9_-]{43}/);
    }
  });

  it("sends the emails of simultaneous sign-ons together, in fewer Resend requests than sign-ons, each once", async () => {
    const campaign = await seedCampaign();
    const bodies = Array.from({ length: 10 }, () => signOnBody());

    await Promise.all(bodies.map((body) => postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend)));

    const delivered = [];
    for (const body of bodies) {
      const { mine } = await double.delivered(body.email);
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
    const campaign = await seedCampaign();
    const bodies = [signOnBody(), signOnBody()];
    await double.script([429, 429, 422]);
    for (const body of bodies) await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);

    await runCron(1);

    for (const body of bodies) {
      expect((await double.delivered(body.email)).mine).toHaveLength(1);
      expect((await outboxFor(body.email))[0]).toMatchObject({ status: "sent", attempts: 1 });
    }
  });

  it("backs off through 500s and sends once when Resend recovers", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await double.script([500, 500]);

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);
    await runCron(2);
    await runCron(10);

    const [sent] = await outboxFor(body.email);
    expect(sent).toMatchObject({ status: "sent", attempts: 3 });
    expect((await double.delivered(body.email)).mine).toHaveLength(1);
  });

  it("never delivers a second copy when a retry repeats a send Resend already took", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);
    const [email] = await outboxFor(body.email);
    // As if the worker died after Resend accepted the email but before recording it.
    await db.update(outbox).set({ status: "queued" }).where(eq(outbox.id, email.id)).run();

    await runCron(1);

    expect((await double.delivered(body.email)).mine).toHaveLength(1);
    expect((await outboxFor(body.email))[0].status).toBe("sent");
  });

  it("gives up after the last attempt and marks the email failed", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody();
    await double.script(Array(8).fill(500));

    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, resend);
    for (let hour = 1; hour <= 8; hour++) await runCron(hour * 400);

    const [failed] = await outboxFor(body.email);
    expect(failed).toMatchObject({ status: "failed", attempts: 8 });
    expect((await double.delivered(body.email)).mine).toHaveLength(0);
  });
});
