import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SignerCorrection } from "../../contract";
import { campaigns, signatures, type Campaign, type PendingCorrection, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { markAfterCorrection } from "../lib/authenticity";
import { fold } from "../lib/names";
import { Problem } from "../lib/problem";
import { mixesScripts } from "../lib/scripts";
import { storedFields } from "../lib/signature-model";
import { audit, changedFields } from "../queries/organizers";
import { findPublishedNamesake, signerSignature } from "../queries/signatures";
import type { Reviewer, ReviewOutcome } from "./review";
import type { TokenState } from "./signer-links";
import { signatureEvent } from "./webhook-events";

/**
 * Signers correcting their own entry through the manage link in their confirmation email, and
 * organizers deciding on the corrections that wait for them. A listed entry changes at once only
 * for a fix of case or accents in a campaign that publishes without review; any other change to
 * it waits, and the entry stays as listed meanwhile. Every change is in the audit log (a signer's
 * under no organizer) and, for a listed entry, reaches open widgets and webhooks.
 */

export type CorrectionOutcome = "unchanged" | "applied" | "pending";

type CorrectedFields = PendingCorrection["fields"];

const CORRECTABLE = ["name", "city", "region", "country", "website", "members"] as const;

/** The corrected fields as stored (website with its scheme), with the derived keys, and what they change. */
function corrected(signature: Signature, fields: CorrectedFields) {
  const next = storedFields({ ...fields, affiliation: signature.affiliation });
  const typed = Object.fromEntries(CORRECTABLE.map((key) => [key, next[key]])) as CorrectedFields;
  return { next, typed, changes: changedFields(signature as unknown as Record<string, unknown>, typed) };
}

/** Whether a signer's correction waits for the organizers: any to a listed entry of a moderated or delivered letter, or a new name. */
const needsApproval = (signature: Signature, campaign: Campaign, name: string) =>
  signature.status === "published" && (campaign.moderation === "hold" || campaign.status === "delivered" || fold(name) !== fold(signature.name));

/** Another entry of this signer already carries the new name (the signer's unique key): refused, nothing written. */
async function refuseClash(db: Database, signature: Signature, organizationKey: string) {
  if (organizationKey === signature.organizationKey || !signature.email) return;
  const [clash] = await signerSignature(db, signature.campaignId, signature.email, organizationKey);
  if (clash && clash.id !== signature.id) {
    throw new Problem(409, { title: "Another signature from this address already has this name", type: "conflict" });
  }
}

/** The statements that apply a correction: the entry, its audit entry, and for a listed one the list's version and the webhook event. */
function applyCorrection(
  db: Database,
  campaign: Campaign,
  signature: Signature,
  { next, changes }: ReturnType<typeof corrected>,
  actor: { organizerId: number | null; action: string },
  extra: Partial<Signature> = {},
): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const now = new Date();
  const listed = signature.status === "published";
  return [
    db
      .update(signatures)
      .set({ ...next, authenticated: markAfterCorrection(signature, next.website), ...extra, pendingCorrection: null, updatedAt: now })
      .where(and(eq(signatures.id, signature.id), eq(signatures.status, signature.status)))
      .returning({ id: signatures.id }),
    audit(db, { organizerId: actor.organizerId, campaignId: campaign.id, entity: "signature", entityId: signature.id, action: actor.action, ...changes }),
    // The public list shows these fields: its version (the list's ETag) moves for a listed entry.
    ...(listed
      ? [
          db
            .update(campaigns)
            .set({ listVersion: sql`${campaigns.listVersion} + 1` })
            .where(eq(campaigns.id, campaign.id)),
          signatureEvent(db, "signature.corrected", campaign, { ...signature, ...next, updatedAt: now }, { at: now, changes: changes ?? undefined }),
        ]
      : []),
  ];
}

/**
 * A signer's correction through their manage link: applied, held for the organizers (the entry
 * stays as listed), or nothing to do. Sending the entry as it stands drops a correction that waits.
 * Answers whether the public list changed, for the route to tell open widgets.
 */
export async function correctOwnEntry(db: Database, found: Extract<TokenState, { state: "valid" }>, input: SignerCorrection) {
  const { signature, campaign } = found;
  const fields: CorrectedFields = {
    name: input.name,
    city: input.city || null,
    region: input.region || null,
    country: input.country || null,
    website: input.website || null,
    members: input.members,
  };
  const correction = corrected(signature, fields);
  const now = new Date();
  if (!correction.changes) {
    if (!signature.pendingCorrection) return { outcome: "unchanged" as CorrectionOutcome, listChanged: false };
    await db.batch([
      db.update(signatures).set({ pendingCorrection: null, updatedAt: now }).where(eq(signatures.id, signature.id)),
      audit(db, { organizerId: null, campaignId: campaign.id, entity: "signature", entityId: signature.id, action: "signer-correction-withdrawn", before: { ...signature.pendingCorrection.fields } }),
    ]);
    return { outcome: "unchanged" as CorrectionOutcome, listChanged: false };
  }
  // Look-alike checks apply to a new name as to a signed one.
  const namesake = await findPublishedNamesake(db, { ...signature, organizationKey: correction.next.organizationKey, lookAlikeKey: correction.next.lookAlikeKey });
  const possibleImpersonation = Boolean(namesake?.imitated) || mixesScripts(fields.name);
  if (needsApproval(signature, campaign, fields.name)) {
    const pendingCorrection: PendingCorrection = { fields: correction.typed, requestedAt: now.toISOString(), possibleImpersonation };
    await db.batch([
      db.update(signatures).set({ pendingCorrection, updatedAt: now }).where(eq(signatures.id, signature.id)),
      audit(db, { organizerId: null, campaignId: campaign.id, entity: "signature", entityId: signature.id, action: "signer-correction-requested", ...correction.changes }),
    ]);
    return { outcome: "pending" as CorrectionOutcome, listChanged: false };
  }
  await refuseClash(db, signature, correction.next.organizationKey);
  // An entry not listed yet is still to be reviewed: a new name that imitates another is said why.
  const extra: Partial<Signature> = signature.status === "held" && possibleImpersonation ? { heldReason: "possible-impersonation" } : {};
  const [changed] = await db.batch(applyCorrection(db, campaign, signature, correction, { organizerId: null, action: "signer-correct" }, extra));
  if (!(changed as unknown[]).length) throw new Problem(409, { title: "The signature changed meanwhile; reload and try again", type: "conflict" });
  return { outcome: "applied" as CorrectionOutcome, listChanged: signature.status === "published" };
}

const nothingWaits = () => new Problem(409, { title: "No correction from the signer waits for this signature", type: "wrong-state" });

/** An organizer publishes the correction the signer asked for. */
export async function approveCorrection(db: Database, reviewer: Reviewer, signature: Signature): Promise<ReviewOutcome> {
  if (!signature.pendingCorrection) throw nothingWaits();
  const correction = corrected(signature, signature.pendingCorrection.fields);
  await refuseClash(db, signature, correction.next.organizationKey);
  const [changed] = await db.batch(
    applyCorrection(db, reviewer.campaign, signature, correction, { organizerId: reviewer.organizerId, action: "approve-correction" }),
  );
  if (!(changed as unknown[]).length) throw new Problem(409, { title: "The signature changed meanwhile; reload and try again", type: "conflict" });
  return { listChanged: signature.status === "published", emailIds: [] };
}

/** An organizer turns the signer's correction down: the entry stays as it is. */
export async function rejectCorrection(db: Database, reviewer: Reviewer, signature: Signature): Promise<ReviewOutcome> {
  if (!signature.pendingCorrection) throw nothingWaits();
  await db.batch([
    db.update(signatures).set({ pendingCorrection: null, updatedAt: new Date() }).where(eq(signatures.id, signature.id)),
    audit(db, {
      organizerId: reviewer.organizerId,
      campaignId: reviewer.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: "reject-correction",
      before: { ...signature.pendingCorrection.fields },
    }),
  ]);
  return { listChanged: false, emailIds: [] };
}
