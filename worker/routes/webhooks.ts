import { and, eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import { Resend } from "resend";
import { outbox, type OutboxStatus } from "../../schema/tables";
import type { AppEnv } from "../env";
import { OUTBOX_TAG } from "../email/outbox";
import { Problem } from "../lib/problem";

/** Webhooks from providers: Resend tells us which addresses bounced or complained. */
export const webhooks = new Hono<AppEnv>();

const MARKS: Record<string, OutboxStatus> = { "email.bounced": "bounced", "email.complained": "complained" };

interface ResendEmailEvent {
  type: string;
  data?: { email_id?: string; tags?: Record<string, string>; bounce?: { message?: string; type?: string } };
}

webhooks.post("/resend", async (c) => {
  const secret = c.env.RESEND_WEBHOOK_SECRET;
  if (!secret) throw new Problem(404, { title: "Not found", type: "not-found" });
  const payload = await c.req.text();
  let event: ResendEmailEvent;
  try {
    // Verification needs no API call; the SDK only insists on being constructed with a key.
    event = new Resend(c.env.RESEND_API_KEY || "re_verification_only").webhooks.verify({
      payload,
      headers: {
        id: c.req.header("svix-id") ?? "",
        timestamp: c.req.header("svix-timestamp") ?? "",
        signature: c.req.header("svix-signature") ?? "",
      },
      webhookSecret: secret,
    }) as ResendEmailEvent;
  } catch {
    throw new Problem(401, { title: "Webhook signature does not verify", type: "bad-signature" });
  }
  const mark = MARKS[event.type];
  const outboxId = event.data?.tags?.[OUTBOX_TAG];
  if (mark && outboxId) {
    const bounce = event.data?.bounce;
    await c.get("db")
      .update(outbox)
      .set({ status: mark, lastError: bounce ? `${bounce.type ?? "bounce"}: ${bounce.message ?? ""}`.slice(0, 500) : mark })
      // Only sent emails get marked; a complaint (the stronger signal) may replace a bounce, not the reverse.
      .where(and(eq(outbox.id, outboxId), inArray(outbox.status, mark === "complained" ? ["sent", "bounced"] : ["sent"])))
      .run();
  }
  // Every verified event is acknowledged, also those we ignore, so that Resend stops retrying it.
  return c.body(null, 204);
});
