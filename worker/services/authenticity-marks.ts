import { and, eq } from "drizzle-orm";
import { signatures, type Authenticated, type Campaign, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { audit } from "../queries/organizers";

/**
 * The organizers' own check of an entry (a call, a letterhead): granting sets the mark to
 * `organizer`, taking it back leaves none, whichever it had (a `domain` mark too, when they find it
 * misleading). One batch with its audit entry; a published entry's change bumps the list version
 * by trigger, so open widgets and caches reread. Returns whether the public list changed.
 */
export async function setAuthenticity(db: Database, reviewer: { organizerId: number; campaign: Campaign }, signature: Signature, granted: boolean) {
  const next: Authenticated | null = granted ? "organizer" : null;
  if (signature.authenticated === next) return false;
  await db.batch([
    db
      .update(signatures)
      .set({ authenticated: next, updatedAt: new Date() })
      .where(and(eq(signatures.id, signature.id), eq(signatures.campaignId, reviewer.campaign.id))),
    audit(db, {
      organizerId: reviewer.organizerId,
      campaignId: reviewer.campaign.id,
      entity: "signature",
      entityId: signature.id,
      action: granted ? "grant-authenticity" : "revoke-authenticity",
      before: { authenticated: signature.authenticated },
      after: { authenticated: next },
    }),
  ]);
  return signature.status === "published";
}
