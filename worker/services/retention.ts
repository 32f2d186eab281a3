import { and, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import { campaigns, outbox, signatures, tokens } from "../../schema/tables";
import type { Database } from "../env";

export interface RetentionPolicy {
  /** Unconfirmed sign-ons are deleted this long after they were made. */
  unverifiedDays: number;
  /** Contact data is erased this long after a campaign closed. */
  contactDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Read from the `UNVERIFIED_RETENTION_DAYS` and `CONTACT_RETENTION_DAYS` variables. */
export function retentionPolicy(env: { UNVERIFIED_RETENTION_DAYS?: string; CONTACT_RETENTION_DAYS?: string }): RetentionPolicy {
  const days = (value: string | undefined, fallback: number) => {
    const parsed = Number(value);
    return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
  };
  return { unverifiedDays: days(env.UNVERIFIED_RETENTION_DAYS, 14), contactDays: days(env.CONTACT_RETENTION_DAYS, 180) };
}

/**
 * Deletes sign-ons never confirmed within the retention period (and those flagged as bots, whose
 * addresses are often someone else's), with their tokens (by cascade) and
 * the emails sent to them. A bounded batch a run: the cron comes back for the rest.
 */
export async function purgeUnverified(db: Database, policy: RetentionPolicy, now: Date, batchSize = 500) {
  const cutoff = new Date(now.getTime() - policy.unverifiedDays * DAY_MS);
  const stale = db
    .select({ id: signatures.id })
    .from(signatures)
    .where(
      and(
        or(eq(signatures.status, "pending"), and(eq(signatures.status, "rejected"), eq(signatures.rejectedReason, "bot"))),
        lt(signatures.createdAt, cutoff),
      ),
    )
    .limit(batchSize);
  const [, deleted] = await db.batch([
    db.delete(outbox).where(inArray(outbox.signatureId, stale)),
    db.delete(signatures).where(inArray(signatures.id, stale)).returning({ id: signatures.id }),
  ]);
  return deleted.length;
}

/**
 * Erases who signed, keeping what was signed: contact name, title, email address, its domain and
 * the signer's language of every signature of a campaign closed longer than the retention period,
 * what its links carried, and the addresses and texts of its emails.
 * Public entries, statuses and counts stay.
 */
export async function anonymizeClosedCampaigns(db: Database, policy: RetentionPolicy, now: Date, batchSize = 500) {
  const cutoff = new Date(now.getTime() - policy.contactDays * DAY_MS);
  const closedLongAgo = db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      or(
        and(inArray(campaigns.status, ["closed", "delivered"]), lt(sql`coalesce(${campaigns.closesAt}, ${campaigns.updatedAt})`, cutoff.getTime())),
        lt(campaigns.closesAt, cutoff),
      ),
    );
  const due = db
    .select({ id: signatures.id })
    .from(signatures)
    .where(
      and(
        inArray(signatures.campaignId, closedLongAgo),
        // Imported entries may name a contact without an address: erased all the same.
        or(isNotNull(signatures.email), isNotNull(signatures.emailDomain), isNotNull(signatures.contactName), isNotNull(signatures.contactTitle)),
      ),
    )
    .limit(batchSize);
  const [, , erased] = await db.batch([
    db.update(outbox).set({ recipient: "(erased)", subject: "(erased)", text: "", html: "" }).where(inArray(outbox.signatureId, due)),
    // What unused links carried: a contact, too.
    db.update(tokens).set({ details: null }).where(inArray(tokens.signatureId, due)),
    db
      .update(signatures)
      // The signer's language goes as well: it becomes the letter's own.
      .set({
        contactName: null,
        contactTitle: null,
        email: null,
        emailDomain: null,
        locale: sql`(select ${campaigns.language} from ${campaigns} where ${campaigns.id} = ${signatures.campaignId})`,
        updatedAt: now,
      })
      .where(inArray(signatures.id, due))
      .returning({ id: signatures.id }),
  ]);
  return erased.length;
}
