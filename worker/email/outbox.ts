import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { Resend, type ErrorResponse } from "resend";
import { outbox, type EmailTemplate, type Locale, type OutboxEmail } from "../../schema/tables";
import type { Bindings, Database } from "../env";
import { bindBuilt, builtOnce, placeholdersFor } from "../lib/prepared";
import { newId, sha256Hex } from "../lib/tokens";
import type { RenderedEmail } from "./render";

/** After this many failed attempts an email is given up and shown to organizers as failed. */
export const MAX_ATTEMPTS = 8;

export const OUTBOX_TAG = "outbox_id";

/** Backoff between attempts: 1, 2, 4, 8… minutes, at most 6 hours. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** Math.max(attempts - 1, 0), 360) * 60_000;

export interface QueuedEmail extends RenderedEmail {
  recipient: string;
  /** Where a reply goes (a signer's email: the campaign's `replyTo`); else to the sender, MAIL_FROM. */
  replyTo?: string | null;
  /** A signer's email: the campaign it is about, shown as who it is from (`fromHeader`). */
  senderName?: string | null;
  template: EmailTemplate;
  locale: Locale;
  signatureId?: string;
  /** For updates: the one-click unsubscribe address, sent as `List-Unsubscribe` (RFC 8058). */
  listUnsubscribe?: string;
  /** A stable id makes the insert idempotent (`INSERT OR IGNORE`) and is Resend's idempotency key. */
  id?: string;
}

/** What sending one email needs from its outbox row. */
export type Deliverable = Pick<OutboxEmail, "id" | "recipient" | "replyTo" | "subject" | "text" | "html" | "attempts" | "lastError"> &
  Partial<Pick<OutboxEmail, "listUnsubscribe" | "senderName">>;

/** The outbox row for one email, and the email as that row stores it (for `deliverFresh`). */
export function outboxEntry(email: QueuedEmail) {
  const id = email.id ?? newId();
  const replyTo = email.replyTo ?? null;
  const senderName = email.senderName ?? null;
  const stored: Deliverable = {
    id,
    recipient: email.recipient,
    replyTo,
    senderName,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attempts: 0,
    lastError: null,
    listUnsubscribe: email.listUnsubscribe,
  };
  // Every row has the same keys, with or without a reply address: the sign-on's insert is built once.
  return { id, row: { ...email, replyTo, senderName, id }, email: stored };
}

/** The insert for one email, to run in the same batch as the change that causes it. */
export function queueEmail(db: Database, email: QueuedEmail) {
  const entry = outboxEntry(email);
  return { ...entry, query: db.insert(outbox).values(entry.row).onConflictDoNothing() };
}

// Links carry single-use tokens: once an email is out (or given up), the stored copy keeps no live token.
const redactTokens = (content: string) => content.replace(/(\/(?:verify|withdraw|manage|login|unsubscribe|invitations)\/)[A-Za-z0-9_-]{20,}/g, "$1…");

function usesLocalMailbox(env: Bindings) {
  return !env.RESEND_API_KEY && env.ENVIRONMENT === "development";
}

type ResendError = ErrorResponse | null;

const errorText = (error: ResendError) => `${error?.name ?? "error"}: ${error?.message ?? "unknown"}`.slice(0, 500);

/**
 * Resend turned the request away for the team's requests per second (5 by default): it took
 * nothing, so the email stays due and spends no attempt; a burst of sign-ons must not use up the
 * attempts that are there for real failures.
 */
const RATE_LIMITED = "rate_limit_exceeded";

/** The longest campaign name a From line shows: mail clients cut a long one anyway, mid-word. */
const SENDER_NAME_MAX = 60;

/** A display name as a quoted string can hold it: no quote, backslash, angle bracket or line break to end it early. */
const displayName = (name: string) => {
  const plain = name.replace(/[\p{Cc}\p{Cf}"\\<>]+/gu, " ").replace(/\s+/g, " ").trim();
  const characters = Array.from(plain);
  return characters.length > SENDER_NAME_MAX ? `${characters.slice(0, SENDER_NAME_MAX - 1).join("").trimEnd()}…` : plain;
};

/**
 * Who an email is from: a signer's email reads as from its campaign ("Letter to the Leaders via
 * Undersigned"), so that a coalition's members recognize it; the address stays MAIL_FROM's, on
 * the domain verified in Resend. Without a campaign, MAIL_FROM as it is.
 */
export function fromHeader(mailFrom: string, senderName: string | null | undefined): string {
  const name = senderName ? displayName(senderName) : "";
  if (!name) return mailFrom;
  const match = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(mailFrom);
  const [platform, address] = match ? [displayName(match[1]) || "Undersigned", match[2].trim()] : ["Undersigned", mailFrom.trim()];
  return `"${name} via ${platform}" <${address}>`;
}

function resendEmail(env: Bindings, email: Deliverable) {
  // Resend's webhooks echo the tags: a bounce finds its outbox row by primary key.
  return {
    from: fromHeader(env.MAIL_FROM, email.senderName),
    to: email.recipient,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    subject: email.subject,
    text: email.text,
    html: email.html,
    tags: [{ name: OUTBOX_TAG, value: email.id }],
    // One click in the mail client ends the updates (RFC 8058): the address answers a POST.
    ...(email.listUnsubscribe ? { headers: { "List-Unsubscribe": `<${email.listUnsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } } : {}),
  };
}

/** The update after every email that goes out: built once (lib/prepared.ts), as it follows every sign-on. */
const sentUpdate = builtOnce((db) => [
  db
    .update(outbox)
    .set({ ...placeholdersFor("sent", outbox, ["status", "attempts", "providerId", "sentAt", "text", "html"]), lastError: null })
    .where(eq(outbox.id, sql.placeholder("sent.id")))
    .toSQL(),
]);

/**
 * Sent through Resend, whose id the row keeps for its webhooks, and whose stored copy then keeps no
 * live token; or, in development, left in the local mailbox, where the developer opens the link.
 */
function markSent(db: Database, email: Deliverable, providerId: string | null) {
  const [statement] = sentUpdate(db);
  const keep = providerId ? redactTokens : (content: string) => content;
  const sent = {
    id: email.id,
    status: providerId ? "sent" : "local",
    attempts: email.attempts + 1,
    providerId,
    sentAt: new Date(),
    text: keep(email.text),
    html: keep(email.html),
  };
  return bindBuilt(db, statement, { sent });
}

/** A failed attempt; after the last one the email is given up, and its stored copy keeps no live token either. */
function markFailedAttempt(db: Database, email: Deliverable, error: ResendError) {
  const attempts = email.attempts + 1;
  const givenUp = attempts >= MAX_ATTEMPTS;
  return db
    .update(outbox)
    .set({
      status: givenUp ? "failed" : "queued",
      attempts,
      lastError: errorText(error),
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
      ...(givenUp ? { text: redactTokens(email.text), html: redactTokens(email.html) } : {}),
    })
    .where(eq(outbox.id, email.id));
}

function markRateLimited(db: Database, emails: Deliverable[], error: ResendError) {
  return db
    .update(outbox)
    .set({ lastError: errorText(error) })
    .where(inArray(outbox.id, emails.map((email) => email.id)));
}

/** Sends one email; answers whether Resend turned it away for the rate limit. */
async function deliverOne(env: Bindings, db: Database, email: Deliverable, resend: Resend | null) {
  if (!resend) {
    if (usesLocalMailbox(env)) {
      await markSent(db, email, null).run();
    } else {
      console.error(JSON.stringify({ message: "email not sent: RESEND_API_KEY is not set", outboxId: email.id }));
    }
    return false;
  }
  const { data, error } = await resend.emails.send(resendEmail(env, email), { idempotencyKey: `outbox/${email.id}` });
  if (data) await markSent(db, email, data.id).run();
  else if (error?.name === RATE_LIMITED) await markRateLimited(db, [email], error).run();
  else await markFailedAttempt(db, email, error).run();
  return error?.name === RATE_LIMITED;
}

/** One at a time, through one client, until Resend says to slow down: the rest stay queued. */
async function deliverEach(env: Bindings, db: Database, emails: Deliverable[], resend = resendClient(env)) {
  for (const email of emails) if (await deliverOne(env, db, email, resend)) return false;
  return true;
}

/** Resend's batch endpoint takes up to 100 emails a request. */
const RESEND_BATCH_SIZE = 100;
/** Between two pages of a cron run: Resend's 5 requests a second are shared with sign-ons meanwhile. */
const PAGE_INTERVAL_MS = 400;

/**
 * Whether Resend certainly never took this email: only a rate limit has answered it so far. Only
 * such emails go out in batches, whose idempotency covers the batch and not each email; any other
 * is sent alone under its own key, so that a send Resend took but we did not record is not repeated.
 */
const neverTaken = (email: Deliverable) => email.attempts === 0 && (email.lastError ?? "").startsWith(RATE_LIMITED);

/** Up to 100 emails Resend never took, in one request; answers whether Resend went on taking requests. */
async function deliverBatch(env: Bindings, db: Database, emails: Deliverable[], resend: Resend) {
  const { data, error } = await resend.batch.send(
    emails.map((email) => resendEmail(env, email)),
    { idempotencyKey: `outbox-batch/${await sha256Hex(emails.map((email) => email.id).join(","))}` },
  );
  if (data) {
    await db.$client.batch(emails.map((email, index) => markSent(db, email, data.data[index].id)));
    return true;
  }
  if (error?.name === RATE_LIMITED) {
    await markRateLimited(db, emails, error).run();
    return false;
  }
  // A refusal of the batch (one address Resend rejects, say) must not hold back the others.
  return deliverEach(env, db, emails, resend);
}

/**
 * Emails Resend never took, 100 to a request; one alone goes as a plain send, under its own key.
 * Answers whether Resend went on taking requests.
 */
async function deliverNeverTaken(env: Bindings, db: Database, emails: Deliverable[], resend: Resend) {
  if (emails.length === 1) return deliverEach(env, db, emails, resend);
  for (let start = 0; start < emails.length; start += RESEND_BATCH_SIZE) {
    if (!(await deliverBatch(env, db, emails.slice(start, start + RESEND_BATCH_SIZE), resend))) return false;
  }
  return true;
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
 * How long a fresh email waits for others queued in the same isolate, to go out with them: one
 * isolate then makes at most five Resend requests a second for fresh emails (Resend's default
 * limit), however many sign-ons it takes, and nobody notices a fifth of a second on an email.
 */
const GATHER_MS = 200;

/** Fresh emails queued in this isolate in the last `GATHER_MS`, that the request which queued the first will send. */
let gathering: Deliverable[] | undefined;

/** Fresh emails, in as few requests as Resend takes, and their rows marked in one D1 batch. */
export async function deliverNew(env: Bindings, db: Database, emails: Deliverable[]) {
  const resend = resendClient(env);
  if (resend) await deliverNeverTaken(env, db, emails, resend);
  else if (usesLocalMailbox(env)) await db.$client.batch(emails.map((email) => markSent(db, email, null)));
  else await deliverEach(env, db, emails, resend);
}

/**
 * Sends emails a request has just queued under fresh ids (`queueEmail` without an `id`): no other
 * request can have sent them, so unlike `deliverEmails` they need no second read of the outbox,
 * and Resend has certainly never taken them, so they may share a batch. Emails queued in this
 * isolate within `GATHER_MS` of each other go out together: at 50 sign-ons a second that is five
 * Resend requests and five D1 batches a second rather than 50 of each, which Resend's rate limit
 * would mostly turn away. The request that queued the first sends them all, so that all of the
 * I/O belongs to one request that waits for it; the others add theirs and are done (a request may
 * not wait on another's work: workerd cancels it as hung). Failures stay queued for `retryDueEmails`.
 */
export async function deliverFresh(env: Bindings, db: Database, emails: Deliverable[]) {
  if (!emails.length) return;
  if (gathering) {
    gathering.push(...emails);
    return;
  }
  const gathered = [...emails];
  gathering = gathered;
  await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
  gathering = undefined;
  await deliverNew(env, db, gathered);
}

/**
 * Cron: every queued email whose next attempt is due, oldest first, a page at a time until none is
 * due, Resend asks to slow down, or `maxPages` pages went out. Emails that only a rate limit turned
 * away (a burst of sign-ons beyond Resend's requests per second) go out 100 to a request.
 */
export async function retryDueEmails(env: Bindings, db: Database, now = new Date(), maxPages = 10) {
  const resend = resendClient(env);
  // Without a key nothing goes out (but in development, where the outbox is the mailbox): one page
  // is logged, not the same page over and over.
  const pages = resend || usesLocalMailbox(env) ? maxPages : 1;
  let handled = 0;
  for (let page = 0; page < pages; page++) {
    if (page) await new Promise((resolve) => setTimeout(resolve, PAGE_INTERVAL_MS));
    const due = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "queued"), lte(outbox.nextAttemptAt, now)))
      .orderBy(outbox.nextAttemptAt, outbox.id)
      .limit(RESEND_BATCH_SIZE)
      .all();
    handled += due.length;
    const batched = new Set(resend ? due.filter(neverTaken) : []);
    const goOn =
      (!batched.size || (await deliverNeverTaken(env, db, [...batched], resend!))) &&
      (await deliverEach(env, db, due.filter((email) => !batched.has(email)), resend));
    if (!goOn || due.length < RESEND_BATCH_SIZE) break;
  }
  return handled;
}
