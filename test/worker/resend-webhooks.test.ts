import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import { seedOrganizer } from "../support/organizers";
import { resendAccount } from "../support/resend";
import { call, db, postJson, seedCampaign, signOnBody } from "../support/worker";

const SIGNING_KEY = crypto.getRandomValues(new Uint8Array(24));
const toBase64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
// Emails go out through a Resend account of this file's own, which scripts nothing: every send is taken.
const configured: Partial<Bindings> = {
  ...resendAccount().bindings,
  RESEND_WEBHOOK_SECRET: `whsec_${toBase64(SIGNING_KEY)}`,
};

/** Signs a payload as Resend does (Svix / Standard Webhooks: HMAC-SHA256 over id.timestamp.body). */
async function signedDelivery(event: unknown, key = SIGNING_KEY, timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify(event);
  const id = `msg_${crypto.randomUUID()}`;
  const hmac = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": `v1,${toBase64(signature)}` },
  };
}

async function sentVerificationEmail(campaign?: Awaited<ReturnType<typeof seedCampaign>>) {
  campaign ??= await seedCampaign();
  const body = signOnBody();
  await postJson(`/api/campaigns/${campaign.slug}/signatures`, body, {}, configured);
  const [email] = await db.select().from(outbox).where(eq(outbox.recipient, body.email)).all();
  expect(email.status).toBe("sent");
  return email;
}

const eventFor = (type: string, outboxId: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: new Date().toISOString(),
  data: { email_id: "double-1", to: ["someone@example.org"], tags: { outbox_id: outboxId }, ...extra },
});

const statusOf = async (id: string) => (await db.select().from(outbox).where(eq(outbox.id, id)).get())!;

describe("POST /webhooks/resend", () => {
  it("marks a bounced address on its email, for organizers to see", async () => {
    const email = await sentVerificationEmail();
    const event = eventFor("email.bounced", email.id, { bounce: { type: "Permanent", message: "Mailbox does not exist" } });

    const response = await call("/webhooks/resend", await signedDelivery(event), configured);

    expect(response.status).toBe(204);
    expect(await statusOf(email.id)).toMatchObject({ status: "bounced", lastError: "Permanent: Mailbox does not exist" });
  });

  it("shows the bounce to the campaign's organizers among undelivered emails", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const email = await sentVerificationEmail(campaign);
    await call("/webhooks/resend", await signedDelivery(eventFor("email.bounced", email.id, { bounce: { type: "Permanent", message: "No such user" } })), configured);

    const { items } = await (await call(`/api/admin/campaigns/${campaign.slug}/emails`, { headers: auth })).json<any>();

    expect(items).toEqual([expect.objectContaining({ id: email.id, recipient: email.recipient, status: "bounced", lastError: "Permanent: No such user" })]);
  });

  it("marks a complaint, which outranks an earlier bounce", async () => {
    const email = await sentVerificationEmail();
    await call("/webhooks/resend", await signedDelivery(eventFor("email.bounced", email.id)), configured);

    await call("/webhooks/resend", await signedDelivery(eventFor("email.complained", email.id)), configured);

    expect((await statusOf(email.id)).status).toBe("complained");
  });

  it("acknowledges events it does not act on", async () => {
    const email = await sentVerificationEmail();
    const response = await call("/webhooks/resend", await signedDelivery(eventFor("email.delivered", email.id)), configured);
    expect(response.status).toBe(204);
    expect((await statusOf(email.id)).status).toBe("sent");
  });

  it("refuses a payload not signed with the secret, and changes nothing", async () => {
    const email = await sentVerificationEmail();
    const forged = await signedDelivery(eventFor("email.bounced", email.id), crypto.getRandomValues(new Uint8Array(24)));

    const response = await call("/webhooks/resend", forged, configured);

    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toContain("application/problem+json");
    expect((await statusOf(email.id)).status).toBe("sent");
  });

  it("refuses a replayed delivery from long ago", async () => {
    const email = await sentVerificationEmail();
    const stale = await signedDelivery(eventFor("email.bounced", email.id), SIGNING_KEY, Math.floor(Date.now() / 1000) - 3600);
    expect((await call("/webhooks/resend", stale, configured)).status).toBe(401);
    expect((await statusOf(email.id)).status).toBe("sent");
  });

  it("does not exist without a signing secret", async () => {
    const response = await call("/webhooks/resend", await signedDelivery({ type: "email.bounced" }));
    expect(response.status).toBe(404);
  });
});
