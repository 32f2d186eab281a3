import { and, count, eq, exists, gt, inArray, sql, type Placeholder, type SQLWrapper } from "drizzle-orm";
import { outbox, signatures, type EmailTemplate } from "../../schema/tables";
import type { Database } from "../env";

/** The emails a sign-on sends, its reminder included: what anyone who types an address can make that address receive. */
export const SIGN_ON_TEMPLATES: EmailTemplate[] = ["verify", "already-signed", "reminder"];

/**
 * How many emails sign-ons on one campaign sent one address since a moment. A query to run alone
 * or in a batch, or, given placeholders, a subquery of a statement built once. It reads the
 * address's recent emails by index and looks each one's signature up by key: never the campaign.
 */
export function signOnEmailsSince(db: Database, campaignId: number | Placeholder, recipient: string | Placeholder, since: Date | SQLWrapper) {
  const ofCampaign = db
    .select({ one: sql`1` })
    .from(signatures)
    .where(and(eq(signatures.id, outbox.signatureId), eq(signatures.campaignId, campaignId)));
  return db
    .select({ sent: count() })
    .from(outbox)
    .where(and(eq(outbox.recipient, recipient), gt(outbox.createdAt, since), inArray(outbox.template, SIGN_ON_TEMPLATES), exists(ofCampaign)));
}
