import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { WebhookDelivery, WebhookEndpointCreated } from "../../contract";
import { webhookDeliveries } from "../../schema/webhooks";
import { deliverDueWebhooks, WEBHOOK_RETRY_DELAYS_MS } from "../../worker/services/webhooks";
import type { ReceivedWebhook } from "../doubles/webhook-receiver";
import { adminGet, adminSend, seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm } from "../support/worker";

const HOUR = 3_600_000;
let sequence = 0;

/** An endpoint of the test's own on the loopback receiver. */
function receiverEndpoint() {
  const name = `hook-${Date.now().toString(36)}-${++sequence}`;
  return {
    url: `${env.WEBHOOK_RECEIVER_URL}/hooks/${name}`,
    received: async () => (await fetch(`${env.WEBHOOK_RECEIVER_URL}/received/${name}`)).json<ReceivedWebhook[]>(),
    down: () => fetch(`${env.WEBHOOK_RECEIVER_URL}/down/${name}`, { method: "POST" }),
    up: () => fetch(`${env.WEBHOOK_RECEIVER_URL}/up/${name}`, { method: "POST" }),
  };
}

async function register(slug: string, auth: Record<string, string>, body: Record<string, unknown>) {
  const response = await postJson(`/api/admin/campaigns/${slug}/webhooks`, body, auth);
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<WebhookEndpointCreated>();
}

async function log(slug: string, endpointId: string, auth: Record<string, string>) {
  return (await (await adminGet(`/api/admin/campaigns/${slug}/webhooks/${endpointId}/deliveries`, auth)).json<{ items: WebhookDelivery[] }>()).items;
}

/** What the receiver got, each checked by the Standard Webhooks verifier with the endpoint's secret. */
async function verified(received: ReceivedWebhook[], secret: string) {
  return received.map(({ headers, body }) => {
    new Webhook(secret).verify(body, headers);
    return { id: headers["webhook-id"], event: JSON.parse(body) };
  });
}

describe("webhook endpoints", () => {
  it("are https, but in development may be on this machine; the secret shows once", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const path = `/api/admin/campaigns/${campaign.slug}/webhooks`;
    const body = (url: string) => JSON.stringify({ url, events: ["signature.published"] });
    const production = { ENVIRONMENT: "production" };
    const post = (url: string, bindings = {}) => call(path, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: body(url) }, bindings);

    const plain = await post("http://crm.coalition.example/hooks", production);
    const loopbackInProduction = await post("http://127.0.0.1:8080/hooks", production);
    const secure = await post("https://crm.coalition.example/hooks", production);
    const loopbackInDevelopment = await post("http://127.0.0.1:8080/hooks");
    const listed = await (await adminGet(path, auth)).json<{ items: Array<Record<string, unknown>> }>();

    expect(plain.status).toBe(422);
    expect((await plain.json<any>()).errors).toEqual([expect.objectContaining({ field: "url", code: "invalid_url" })]);
    expect(loopbackInProduction.status).toBe(422);
    expect(secure.status).toBe(201);
    expect((await secure.json<WebhookEndpointCreated>()).secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(loopbackInDevelopment.status).toBe(201);
    expect(listed.items).toHaveLength(2);
    for (const item of listed.items) expect(item).not.toHaveProperty("secret");
  });
});

describe("webhook deliveries", () => {
  it("bring each event once, signed as the standardwebhooks verifier accepts, the contact only where chosen", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const everything = receiverEndpoint();
    const publishedOnly = receiverEndpoint();
    const full = await register(campaign.slug, auth, {
      url: everything.url,
      events: ["signature.published", "signature.corrected", "signature.withdrawn", "campaign.closed"],
      includeContacts: true,
    });
    const publicOnly = await register(campaign.slug, auth, { url: publishedOnly.url, events: ["signature.published"] });

    const { body: signed } = await signAndConfirm(campaign.slug, { organization: "Red de Defensoras", contactName: "Luz Ramírez", partner: "red-migrante" });
    const [review] = (await (await adminGet(`/api/admin/campaigns/${campaign.slug}/signatures`, auth)).json<any>()).items;
    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}/signatures/${review.id}`, { city: "Oaxaca" }, auth);
    const withdrawLink = (await mailbox(signed.email)).map((email) => email.text.match(/\/withdraw\/[A-Za-z0-9_-]+/)?.[0]).find(Boolean)!;
    await call(withdrawLink, { method: "POST" });
    await adminSend("PATCH", `/api/admin/campaigns/${campaign.slug}`, { status: "closed" }, auth);
    await deliverDueWebhooks(db);
    await deliverDueWebhooks(db, new Date(Date.now() + 48 * HOUR));

    const toFull = await verified(await everything.received(), full.secret);
    const toPublic = await verified(await publishedOnly.received(), publicOnly.secret);
    expect(toFull.map(({ event }) => event.type)).toEqual(["signature.published", "signature.corrected", "signature.withdrawn", "campaign.closed"]);
    expect(new Set(toFull.map(({ id }) => id)).size).toBe(4);
    expect(toFull[0].event.data).toMatchObject({
      campaign: { slug: campaign.slug, count: 1 },
      signature: { id: review.id, name: "Red de Defensoras", partner: "red-migrante", contact: { name: "Luz Ramírez", email: signed.email } },
    });
    expect(toFull[1].event.data.changes).toEqual({ before: { city: "Tapachula" }, after: { city: "Oaxaca" } });
    expect(toFull[3].event.data.campaign).toMatchObject({ status: "closed", count: 0 });
    expect(toPublic.map(({ event }) => event.type)).toEqual(["signature.published"]);
    expect(toPublic[0].id).toBe(toFull[0].id);
    expect(toPublic[0].event.data.signature).not.toHaveProperty("contact");
    expect(JSON.stringify(toPublic[0].event)).not.toContain(signed.email);
    // The verifier refuses what the secret did not sign.
    const [first] = await everything.received();
    expect(() => new Webhook(publicOnly.secret).verify(first.body, first.headers)).toThrow();
  });

  it("reach a receiver that was down for a while, every event once it is back, in order", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const receiver = receiverEndpoint();
    const endpoint = await register(campaign.slug, auth, { url: receiver.url, events: ["signature.published"] });
    const held = [await seedSignature(campaign, { status: "held", name: "Primera" }), await seedSignature(campaign, { status: "held", name: "Segunda" })];
    await receiver.down();
    for (const signature of held) await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}/approve`, {}, auth);

    await deliverDueWebhooks(db);
    const whileDown = await log(campaign.slug, endpoint.id, auth);
    await receiver.up();
    await deliverDueWebhooks(db, new Date(Date.now() + 30_000));
    const tooEarly = await receiver.received();
    await deliverDueWebhooks(db, new Date(Date.now() + 2 * 60_000));
    const back = await verified(await receiver.received(), endpoint.secret);
    const after = await log(campaign.slug, endpoint.id, auth);

    // One attempt found it down; the next event waited for the first rather than failing too.
    expect(whileDown.map((delivery) => [delivery.status, delivery.attempts.length])).toEqual([
      ["pending", 0],
      ["pending", 1],
    ]);
    expect(whileDown[1].attempts[0]).toMatchObject({ trigger: "schedule", responseStatus: null });
    expect(tooEarly).toEqual([]);
    expect(back.map(({ event }) => event.data.signature.name)).toEqual(["Primera", "Segunda"]);
    expect(after.map((delivery) => delivery.status)).toEqual(["delivered", "delivered"]);
  });

  it("are retried for more than 24 hours, then given up", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const receiver = receiverEndpoint();
    const endpoint = await register(campaign.slug, auth, { url: receiver.url, events: ["signature.published"] });
    const [signature] = [await seedSignature(campaign, { status: "held" })];
    await receiver.down();
    await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}/approve`, {}, auth);

    const start = Date.now();
    let at = new Date(start);
    for (let attempt = 0; attempt < 20; attempt++) {
      await deliverDueWebhooks(db, at);
      const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id)).all();
      if (row.status !== "pending") break;
      at = row.nextAttemptAt;
    }
    const [delivery] = await log(campaign.slug, endpoint.id, auth);

    expect(delivery.status).toBe("failed");
    expect(delivery.attempts).toHaveLength(WEBHOOK_RETRY_DELAYS_MS.length + 1);
    expect(new Date(delivery.attempts.at(-1)!.at).getTime() - new Date(delivery.attempts[0].at).getTime()).toBeGreaterThan(24 * HOUR);
    await receiver.up();
  });

  it("can be replayed from the log, under the same webhook-id; a test send arrives at once", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const receiver = receiverEndpoint();
    const endpoint = await register(campaign.slug, auth, { url: receiver.url, events: ["signature.published"] });
    const signature = await seedSignature(campaign, { status: "held" });
    await postJson(`/api/admin/campaigns/${campaign.slug}/signatures/${signature.id}/approve`, {}, auth);
    await deliverDueWebhooks(db);
    const [delivered] = await log(campaign.slug, endpoint.id, auth);

    const replay = await postJson(`/api/admin/campaigns/${campaign.slug}/webhooks/${endpoint.id}/deliveries/${delivered.id}/replay`, {}, auth);
    const replayed = await replay.json<WebhookDelivery>();
    const test = await postJson(`/api/admin/campaigns/${campaign.slug}/webhooks/${endpoint.id}/test`, {}, auth);
    const arrived = await verified(await receiver.received(), endpoint.secret);

    expect(replay.status).toBe(200);
    expect(replayed.attempts.map((attempt) => [attempt.trigger, attempt.responseStatus])).toEqual([
      ["schedule", 204],
      ["replay", 204],
    ]);
    expect(arrived.map(({ id, event }) => [id, event.type])).toEqual([
      [delivered.messageId, "signature.published"],
      [delivered.messageId, "signature.published"],
      [(await test.json<WebhookDelivery>()).messageId, "webhook.test"],
    ]);
    expect(test.status).toBe(201);
  });
});
