import { and, asc, eq, inArray, isNotNull, isNull, lte, notExists, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { alias } from "drizzle-orm/sqlite-core";
import { blocklist, campaigns, outbox, signatures, tokens, type Campaign, type SignOnDetails } from "../../schema/tables";
import type { Bindings, Database } from "../env";
import { deliverEmails, outboxEntry, type QueuedEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { insertWhere } from "../lib/insert-where";
import { isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { SIGN_ON_TEMPLATES } from "../queries/outbox";
import { SIGN_ON_EMAILS_PER_DAY } from "./sign-on";
import { signerLinkEntry } from "./signer-links";

/** A sign-on still unconfirmed this long after its last link was mailed gets its one reminder. */
export const REMIND_AFTER_MS = 48 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Cron: one reminder, never a second, to each sign-on still pending 48 hours after its last link,
 * in the language of that link's sign-on, with a fresh link that confirms the same details. A
 * sign-on whose campaign no longer takes signatures, whose address the campaign blocks, or whose
 * address bounced or complained is settled without an email; one whose address had its day's
 * share of sign-on emails waits for a later run. `remindedAt` is set in the batch that queues the
 * email, so each sign-on is looked at until it is settled, and never after. A bounded page a run,
 * read through the reminder index: settled and recent sign-ons are never read.
 */
export async function remindUnconfirmed(env: Bindings, db: Database, now: Date, baseUrl: string, batchSize = 50) {
  // Without the public origin a reminder would carry no link to confirm with.
  if (!baseUrl) return 0;
  const cutoff = new Date(now.getTime() - REMIND_AFTER_MS);
  // The emails' own signatures, to count only this campaign's: another name for the table read.
  const mailed = alias(signatures, "mailed");
  const candidates = await db
    .select({
      id: signatures.id,
      email: signatures.email,
      campaign: campaigns,
      details: sql<string | null>`(select ${tokens.details} from ${tokens} where ${tokens.signatureId} = ${signatures.id} and ${tokens.purpose} = 'verify' order by ${tokens.createdAt} desc, ${tokens.id} desc limit 1)`,
      blocked: sql<number>`exists (select 1 from ${blocklist} where ${blocklist.campaignId} = ${signatures.campaignId} and ((${blocklist.kind} = 'email' and ${blocklist.value} = ${signatures.email}) or (${blocklist.kind} = 'domain' and (${signatures.emailDomain} = ${blocklist.value} or ${signatures.emailDomain} like '%.' || ${blocklist.value}))))`,
      undeliverable: sql<number>`exists (select 1 from ${outbox} where ${outbox.recipient} = ${signatures.email} and ${outbox.status} in ('bounced', 'complained'))`,
      sentToday: sql<number>`(select count(*) from ${outbox} where ${outbox.recipient} = ${signatures.email} and ${outbox.createdAt} > ${now.getTime() - DAY_MS} and ${inArray(outbox.template, SIGN_ON_TEMPLATES)} and exists (select 1 from ${signatures} as "mailed" where ${mailed.id} = ${outbox.signatureId} and ${mailed.campaignId} = ${signatures.campaignId}))`,
    })
    .from(signatures)
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(
      and(
        eq(signatures.status, "pending"),
        isNull(signatures.remindedAt),
        lte(signatures.createdAt, cutoff),
        isNotNull(signatures.email),
        // A sign-on repeated since got a fresh link then: its 48 hours start from that one.
        notExists(
          db
            .select({ one: sql`1` })
            .from(tokens)
            .where(and(eq(tokens.signatureId, signatures.id), eq(tokens.purpose, "verify"), sql`${tokens.createdAt} > ${cutoff.getTime()}`)),
        ),
      ),
    )
    .orderBy(asc(signatures.createdAt))
    .limit(batchSize)
    .all();

  const settled: string[] = [];
  const reminders: Array<{ id: string; details: SignOnDetails; campaign: Campaign; email: string }> = [];
  for (const row of candidates) {
    const details = row.details ? (JSON.parse(row.details) as SignOnDetails) : null;
    if (!details || !isAcceptingSignatures(row.campaign, now.getTime()) || row.blocked || row.undeliverable) settled.push(row.id);
    else if (row.sentToday < SIGN_ON_EMAILS_PER_DAY) reminders.push({ id: row.id, details, campaign: row.campaign, email: row.email! });
  }
  if (!settled.length && !reminders.length) return 0;

  const stillDue = (id: string) => and(eq(signatures.id, id), eq(signatures.status, "pending"), isNull(signatures.remindedAt));
  const queued: string[] = [];
  const writes: BatchItem<"sqlite">[] = [];
  for (const { id, details, campaign, email } of reminders) {
    const link = await signerLinkEntry("verify", id, details);
    const entry = outboxEntry(reminderEmail(campaign, details, email, id, `${baseUrl}/verify/${link.token}`));
    queued.push(entry.id);
    // The signer may have confirmed since the read: then neither the link nor the email is written.
    writes.push(insertWhere(db, outbox, entry.row, signatures, stillDue(id)).onConflictDoNothing(), insertWhere(db, tokens, link.row, signatures, stillDue(id)));
  }
  const ids = [...settled, ...reminders.map((reminder) => reminder.id)];
  const settle = db
    .update(signatures)
    .set({ remindedAt: now })
    .where(and(inArray(signatures.id, ids), eq(signatures.status, "pending"), isNull(signatures.remindedAt)));
  // Last: the inserts above are guarded on the reminder not being settled yet.
  writes.push(settle);
  await db.batch(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  await deliverEmails(env, db, queued);
  return reminders.length;
}

/** The reminder: the same details, a fresh link, and plainly that nothing counts until it is pressed. */
function reminderEmail(campaign: Campaign, details: SignOnDetails, recipient: string, signatureId: string, link: string): QueuedEmail {
  return {
    // One reminder per sign-on, whatever happens: a second insert of it is ignored.
    id: `reminder-${signatureId}`,
    recipient,
    replyTo: campaign.replyTo,
    senderName: titleIn(campaign, details.locale),
    template: "reminder",
    locale: details.locale,
    signatureId,
    ...renderEmail("reminder", details.locale, { contactName: details.contactName ?? "", organization: details.name, title: titleIn(campaign, details.locale), link }),
  };
}
