import { and, eq, inArray, lte } from "drizzle-orm";
import { Resend } from "resend";
import { outbox, type EmailTemplate, type Locale, type OutboxEmail } from "../../schema/tables";
import type { Bindings, Database } from "../env";
import { newId } from "../lib/tokens";
import type { RenderedEmail } from "./render";

/** After this many failed attempts an email is given up and shown to organizers as failed. */
export const MAX_ATTEMPTS = 8;

export const OUTBOX_TAG = "outbox_id";

/** Backoff between attempts: 1, 2, 4, 8… minutes, at most 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** Math.max(attempts - 1, 0), 360) * 60_000;

export interface QueuedEmail extends RenderedEmail {
  recipient: string;
  template: EmailTemplate;
  locale: Locale;
  signatureId?: string;
  /** A stable id makes the insert idempotent (`INSERT OR IGNORE`) and is Resend's idempotency key. */
  id?: string;
}

/** What sending one email needs from its outbox row. */
export type Deliverable = Pick<OutboxEmail, "id" | "recipient" | "subject" | "text" | "html" | "attempts">;

/** The outbox row for one email, and the email as that row stores it (for `deliverFresh`). */
export function outboxEntry(email: QueuedEmail) {
  const id = email.id ?? newId();
  const stored: Deliverable = { id, recipient: email.recipient, subject: email.subject, text: email.text, html: email.html, attempts: 0 };
  return { id, row: { ...email, id }, email: stored };
}

/** The insert for one email, to run in the same batch as the change that causes it. */
export function queueEmail(db: Database, email: QueuedEmail) {
  const entry = outboxEntry(email);
  return { ...entry, query: db.insert(outbox).values(entry.row).onConflictDoNothing() };
}

// Links carry single-use tokens: once an email is out, the stored copy keeps no live token.
const redactTokens = (content: string) => content.replace(/(\/(?:verify|withdraw|login)\/)[A-Za-z0-9_-]{20,}/g, "$1…");

function usesLocalMailbox(env: Bindings) {
  return !env.RESEND_API_KEY && env.ENVIRONMENT === "development";
}

async function deliverOne(env: Bindings, db: Database, email: Deliverable, resend: Resend | null) {
  if (!resend) {
    if (usesLocalMailbox(env)) {
      await db.update(outbox).set({ status: "local", sentAt: new Date() }).where(eq(outbox.id, email.id)).run();
    } else {
      console.error(JSON.stringify({ message: "email not sent: RESEND_API_KEY is not set", outboxId: email.id }));
    }
    return;
  }
  const attempts = email.attempts + 1;
  const { data, error } = await resend.emails.send(
    {
      from: env.MAIL_FROM,
      to: email.recipient,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // Resend's webhooks echo the tags: a bounce finds its outbox row by primary key.
      tags: [{ name: OUTBOX_TAG, value: email.id }],
    },
    { idempotencyKey: `outbox/${email.id}` },
  );
  if (data) {
    await db
      .update(outbox)
      .set({
        status: "sent",
        attempts,
        providerId: data.id,
        sentAt: new Date(),
        lastError: null,
        text: redactTokens(email.text),
        html: redactTokens(email.html),
      })
      .where(eq(outbox.id, email.id))
      .run();
    return;
  }
  const gaveUp = attempts >= MAX_ATTEMPTS;
  await db
    .update(outbox)
    .set({
      status: gaveUp ? "failed" : "queued",
      attempts,
      lastError: `${error?.name ?? "error"}: ${error?.message ?? "unknown"}`.slice(0, 500),
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
    })
    .where(eq(outbox.id, email.id))
    .run();
}

/** One at a time, through one client: a failure stays queued for `retryDueEmails`. */
async function deliverEach(env: Bindings, db: Database, emails: Deliverable[]) {
  const resend = resendClient(env);
  for (const email of emails) await deliverOne(env, db, email, resend);
}

function resendClient(env: Bindings) {
  return env.RESEND_API_KEY ? new Resend(env.RESEND_API_KEY, { baseUrl: env.RESEND_BASE_URL || undefined }) : null;
}

/** Sends the given queued emails now; failures stay queued for `retryDueEmails`. */
export async function deliverEmails(env: Bindings, db: Database, ids: string[]) {
  if (!ids.length) return;
  const due = await db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "queued")))
    .all();
  await deliverEach(env, db, due);
}

/**
 * Sends emails this request has just queued under fresh ids (`queueEmail` without an `id`): no
 * other request can have sent them, so unlike `deliverEmails` they need no second read of the outbox.
 */
export const deliverFresh = deliverEach;

/** Cron: every queued email whose next attempt is due, oldest first, a bounded batch at a time. */
export async function retryDueEmails(env: Bindings, db: Database, now = new Date(), batchSize = 50) {
  const due = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, "queued"), lte(outbox.nextAttemptAt, now)))
    .orderBy(outbox.nextAttemptAt)
    .limit(batchSize)
    .all();
  await deliverEach(env, db, due);
  return due.length;
}
