import { and, count, eq, exists, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { BulkRejectRequest, SignaturePatchRequest } from "../../contract";
import { bulkRejectionItems, bulkRejections } from "../../schema/bulk-rejections";
import { auditLog, campaigns, signatures, type Campaign, type Signature, type SignatureStatus } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { signerEmail } from "../email/signer";
import { markAfterCorrection } from "../lib/authenticity";
import { insertWhere } from "../lib/insert-where";
import { notFound, Problem } from "../lib/problem";
import { canMove, storedFields, type Transition } from "../lib/signature-model";
import { newId } from "../lib/tokens";
import { audit, changedFields } from "../queries/organizers";
import { bulkRejectionFilter, findPossibleDuplicates } from "../queries/review";
import { listFrozen } from "./delivery";
import { signatureBecame, signatureEvent } from "./webhook-events";

/** Who acts, on which campaign: every review action is audited under them. */
export interface Reviewer {
  organizerId: number;
  campaign: Campaign;
}

/** What a review action leaves for the route to do once its batch is written. */
export interface ReviewOutcome {
  /** The public list changed: open widgets should hear of it (with the entry, when one was published). */
  listChanged: boolean;
  published?: string;
  /** Emails queued in the batch, to hand to Resend. */
  emailIds: string[];
}

const wrongState = (signature: Signature, action: string) =>
  new Problem(409, { title: `A ${signature.status} signature cannot be ${action}`, type: "wrong-state" });

const changedMeanwhile = () => new Problem(409, { title: "The signature changed meanwhile; reload and try again", type: "conflict" });

/**
 * Moves one signature along `transition` (guarded by the status it was read in, so that two
 * organizers acting at once change it once), with its audit entry and whatever else the move
 * writes, in one batch: nothing is half done.
 */
async function move(
  db: Database,
  reviewer: Reviewer,
  signature: Signature,
  transition: Transition,
  set: Partial<Signature> & { status: SignatureStatus },
  alongside: BatchItem<"sqlite">[] = [],
  now = new Date(),
): Promise<boolean> {
  if (reviewer.campaign.status === "delivered") throw listFrozen();
  const [changed] = await db.batch([
    db
      .update(signatures)
      .set({ ...set, updatedAt: now })
      .where(and(eq(signatures.id, signature.id), eq(signatures.status, signature.status)))
      .returning({ id: signatures.id }),
    audit(db, {
      organizerId: reviewer.organizerId,
      campaignId: reviewer.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: transition,
      before: { status: signature.status },
      after: { status: set.status, ...(set.rejectedReason ? { rejectedReason: set.rejectedReason } : {}), ...(set.duplicateOf ? { duplicateOf: set.duplicateOf } : {}) },
    }),
    ...alongside,
  ]);
  if (!changed.length) throw changedMeanwhile();
  return signature.status === "published" || set.status === "published";
}

/** Lists a held or verified entry; its signer, told the organizers would review it, hears how it ended. */
export async function approve(db: Database, reviewer: Reviewer, signature: Signature, baseUrl: string): Promise<ReviewOutcome> {
  if (!canMove("approve", signature.status)) throw wrongState(signature, "approved");
  const listed = signature.email ? queueEmail(db, signerEmail("listed", signature, reviewer.campaign, baseUrl)) : undefined;
  const now = new Date();
  const set = { status: "published" as const, heldReason: null, publishedAt: now };
  const event = signatureEvent(db, "signature.published", reviewer.campaign, { ...signature, ...set, updatedAt: now }, { at: now, happened: signatureBecame(db, signature.id, "published", now) });
  await move(db, reviewer, signature, "approve", set, [...(listed ? [listed.query] : []), event], now);
  return { listChanged: true, published: signature.id, emailIds: listed ? [listed.id] : [] };
}

export async function reject(db: Database, reviewer: Reviewer, signature: Signature): Promise<ReviewOutcome> {
  if (!canMove("reject", signature.status)) throw wrongState(signature, "rejected");
  const listChanged = await move(db, reviewer, signature, "reject", { status: "rejected", rejectedReason: "organizer" });
  return { listChanged, emailIds: [] };
}

/** This signature is a duplicate of `kept`, which stays; this one is rejected. */
export async function merge(db: Database, reviewer: Reviewer, signature: Signature, kept: Signature | undefined): Promise<ReviewOutcome> {
  if (!kept || kept.id === signature.id || !canMove("merge", kept.status)) {
    throw new Problem(422, {
      title: "Merge into another live signature of this campaign",
      type: "invalid-fields",
      errors: [{ field: "into", pointer: "/into", code: "invalid_value", message: "is not another live signature of this campaign" }],
    });
  }
  if (!canMove("merge", signature.status)) throw wrongState(signature, "merged");
  const listChanged = await move(db, reviewer, signature, "merge", { status: "rejected", rejectedReason: "duplicate", duplicateOf: kept.id });
  return { listChanged, emailIds: [] };
}

/** The organizer looked and these are different signers: stop flagging the pair. */
export async function keepBoth(db: Database, reviewer: Reviewer, signature: Signature) {
  const duplicates = (await findPossibleDuplicates(db, reviewer.campaign.id, [signature])).get(signature.id) ?? [];
  await db.batch([
    db
      .update(signatures)
      .set({ duplicatesReviewedAt: new Date() })
      .where(inArray(signatures.id, [signature.id, ...duplicates.map((other) => other.id)])),
    audit(db, {
      organizerId: reviewer.organizerId,
      campaignId: reviewer.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: "keep-both",
      after: { keptWith: duplicates.map((other) => other.id) },
    }),
  ]);
}

/** Corrects the public fields; the derived keys follow, and the audit log keeps both versions. */
export async function correct(db: Database, reviewer: Reviewer, signature: Signature, input: SignaturePatchRequest): Promise<ReviewOutcome> {
  const { name, affiliation, city, region, country, website, members } = { ...signature, ...input };
  const next = storedFields({ name, affiliation, city, region, country, website: website || null, members });
  const typed = Object.fromEntries(Object.keys(input).map((key) => [key, next[key as keyof typeof next]]));
  const changes = changedFields(signature as unknown as Record<string, unknown>, typed);
  if (!changes) return { listChanged: false, emailIds: [] };
  const listed = signature.status === "published";
  const now = new Date();
  await db.batch([
    db
      .update(signatures)
      .set({ ...next, authenticated: markAfterCorrection(signature, next.website), updatedAt: now })
      .where(eq(signatures.id, signature.id)),
    audit(db, {
      organizerId: reviewer.organizerId,
      campaignId: reviewer.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: "update",
      ...changes,
    }),
    // The public list shows these fields: bump its version (the list's ETag) for a listed entry.
    db
      .update(campaigns)
      .set({ listVersion: sql`${campaigns.listVersion} + ${listed ? 1 : 0}` })
      .where(eq(campaigns.id, reviewer.campaign.id)),
    // Receivers know only listed entries: only those are told of a correction.
    ...(listed ? [signatureEvent(db, "signature.corrected", reviewer.campaign, { ...signature, ...next, updatedAt: now }, { at: now, changes })] : []),
  ]);
  return { listChanged: listed, emailIds: [] };
}

/** A bulk rejection can be undone for a week. */
export const BULK_UNDO_MS = 7 * 24 * 60 * 60 * 1000;

/** The live signatures a bulk rejection would hit. */
const bulkFilterOf = (reviewer: Reviewer, input: BulkRejectRequest) =>
  bulkRejectionFilter(reviewer.campaign.id, {
    domain: input.domain,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
  });

/** How many signatures a bulk rejection would hit, before the organizer confirms it. */
export async function countBulkRejection(db: Database, reviewer: Reviewer, input: BulkRejectRequest) {
  const [{ matching }] = await db.select({ matching: count() }).from(signatures).where(bulkFilterOf(reviewer, input));
  return { matching };
}

/**
 * Rejects every live entry that matches the filter, for a reason, keeping the status each had so
 * that the rejection can be undone for a week. The console first asks how many it would hit
 * (`dryRun`). Statements over the filter and the rejection's own rows, however many rows it hits
 * (D1 binds at most 100 values, so no id lists); the audit entry counts them as they are written.
 */
export async function bulkReject(db: Database, reviewer: Reviewer, input: BulkRejectRequest & { reason: string }) {
  if (reviewer.campaign.status === "delivered") throw listFrozen();
  const filter = bulkFilterOf(reviewer, input);
  const id = newId();
  const now = new Date();
  const ofThis = eq(bulkRejectionItems.bulkRejectionId, id);
  const statusesBefore = sql`(select json_object('status', json_group_object(previous_status, hits)) from (select ${bulkRejectionItems.previousStatus} as previous_status, count(*) as hits from ${bulkRejectionItems} where ${ofThis} group by 1))`;
  const rejectedCount = sql`(select count(*) from ${bulkRejectionItems} where ${ofThis})`;
  const matched = { domain: input.domain, from: input.from, to: input.to };
  const [, , , , [{ rejected }]] = await db.batch([
    db.insert(bulkRejections).values({ id, campaignId: reviewer.campaign.id, organizerId: reviewer.organizerId, filter: matched, reason: input.reason, createdAt: now }),
    insertWhere(db, bulkRejectionItems, { bulkRejectionId: id, signatureId: signatures.id, previousStatus: signatures.status }, signatures, filter),
    db
      .update(signatures)
      .set({ status: "rejected", rejectedReason: "bulk", updatedAt: now })
      .where(inArray(signatures.id, db.select({ id: bulkRejectionItems.signatureId }).from(bulkRejectionItems).where(ofThis))),
    insertWhere(
      db,
      auditLog,
      {
        organizerId: reviewer.organizerId,
        campaignId: reviewer.campaign.id,
        entity: "bulk-rejection",
        entityId: id,
        action: "bulk-reject",
        before: statusesBefore,
        after: sql`json_object('status', 'rejected', 'rejected', ${rejectedCount}, 'reason', ${input.reason}, 'domain', ${input.domain ?? null}, 'from', ${input.from ?? null}, 'to', ${input.to ?? null})`,
      },
      bulkRejections,
      eq(bulkRejections.id, id),
    ),
    db.select({ rejected: count() }).from(bulkRejectionItems).where(ofThis),
  ]);
  return { rejected, id, undoUntil: new Date(now.getTime() + BULK_UNDO_MS).toISOString() };
}

/**
 * Undoes a bulk rejection of the last week: each signature it rejected that is still so returns to
 * the status it had (the count follows by trigger). Guarded in the batch itself, so that two undos
 * at once restore once.
 */
export async function undoBulkRejection(db: Database, reviewer: Reviewer, id: string) {
  const rejection = await db
    .select()
    .from(bulkRejections)
    .where(and(eq(bulkRejections.id, id), eq(bulkRejections.campaignId, reviewer.campaign.id)))
    .get();
  if (!rejection) throw notFound("Bulk rejection");
  if (rejection.undoneAt) throw new Problem(409, { title: "This bulk rejection was already undone", type: "conflict" });
  const now = new Date();
  if (rejection.createdAt.getTime() <= now.getTime() - BULK_UNDO_MS) {
    throw new Problem(409, { title: "Too late to undo", detail: "A bulk rejection can be undone for 7 days.", type: "wrong-state" });
  }
  const undoable = and(eq(bulkRejections.id, id), isNull(bulkRejections.undoneAt), gt(bulkRejections.createdAt, new Date(now.getTime() - BULK_UNDO_MS)));
  const ofThis = eq(bulkRejectionItems.bulkRejectionId, id);
  const previousStatus = sql`(select ${bulkRejectionItems.previousStatus} from ${bulkRejectionItems} where ${ofThis} and ${bulkRejectionItems.signatureId} = ${signatures.id})`;
  const [restored, undone, , [campaign]] = await db.batch([
    db
      .update(signatures)
      .set({ status: previousStatus, rejectedReason: null, updatedAt: now })
      .where(
        and(
          inArray(signatures.id, db.select({ id: bulkRejectionItems.signatureId }).from(bulkRejectionItems).where(ofThis)),
          // Rejected since by other means, it stays as it is.
          eq(signatures.status, "rejected"),
          eq(signatures.rejectedReason, "bulk"),
          exists(db.select({ id: bulkRejections.id }).from(bulkRejections).where(undoable)),
        ),
      )
      .returning({ id: signatures.id }),
    db.update(bulkRejections).set({ undoneAt: now, undoneBy: reviewer.organizerId }).where(undoable).returning({ id: bulkRejections.id }),
    insertWhere(
      db,
      auditLog,
      {
        organizerId: reviewer.organizerId,
        campaignId: reviewer.campaign.id,
        entity: "bulk-rejection",
        entityId: id,
        action: "undo",
        before: { status: "rejected" },
        after: sql`json_object('restored', (select count(*) from ${signatures} where ${signatures.updatedAt} = ${now.getTime()} and ${signatures.id} in (select ${bulkRejectionItems.signatureId} from ${bulkRejectionItems} where ${ofThis})), 'reason', ${rejection.reason}, 'domain', ${rejection.filter.domain ?? null}, 'from', ${rejection.filter.from ?? null}, 'to', ${rejection.filter.to ?? null})`,
      },
      bulkRejections,
      and(eq(bulkRejections.id, id), eq(bulkRejections.undoneAt, now)),
    ),
    db.select({ count: campaigns.signatureCount }).from(campaigns).where(eq(campaigns.id, reviewer.campaign.id)),
  ]);
  if (!undone.length) throw new Problem(409, { title: "This bulk rejection was undone meanwhile", type: "conflict" });
  return { restored: restored.length, count: campaign.count };
}

/** Cron: forgets bulk rejections once they can no longer be undone; the audit log keeps what they did. */
export async function purgeBulkRejections(db: Database, now: Date) {
  await db.delete(bulkRejections).where(lt(bulkRejections.createdAt, new Date(now.getTime() - BULK_UNDO_MS))).run();
}
