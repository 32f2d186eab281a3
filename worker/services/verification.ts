import { and, eq, isNull } from "drizzle-orm";
import { signatures, tokens } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { signerEmail } from "../email/signer";
import { findListedNamesake } from "../queries/signatures";
import { newSignerLink, type TokenState } from "./signer-links";

export interface Confirmation {
  outcome: "published" | "held";
  emailId: string;
}

/**
 * Confirms a pending signature: publishes it, or holds it for review when the campaign moderates
 * or another entry already carries the same organization name. One batch; the count follows by
 * trigger. Every statement is guarded so that a second, concurrent confirmation changes nothing.
 */
export async function confirmSignature(
  db: Database,
  found: Extract<TokenState, { state: "valid" }>,
  baseUrl: string,
): Promise<Confirmation> {
  const { signature, campaign, tokenId } = found;
  const namesake = campaign.moderation === "publish" ? await findListedNamesake(db, signature) : undefined;
  const heldReason = campaign.moderation === "hold" ? "moderation" : namesake ? "duplicate-name" : null;
  const now = new Date();
  const withdrawal = await newSignerLink(db, "withdraw", signature.id);
  const email = queueEmail(
    db,
    signerEmail("confirmed", signature, campaign, baseUrl, { withdrawLink: `${baseUrl}/withdraw/${withdrawal.token}`, held: Boolean(heldReason) }),
  );
  await db.batch([
    db.update(tokens).set({ usedAt: now }).where(and(eq(tokens.id, tokenId), isNull(tokens.usedAt))),
    db
      .update(signatures)
      .set({
        status: heldReason ? "held" : "published",
        heldReason,
        verifiedAt: now,
        publishedAt: heldReason ? null : now,
        updatedAt: now,
      })
      .where(and(eq(signatures.id, signature.id), eq(signatures.status, "pending"))),
    withdrawal.query,
    email.query,
  ]);
  return { outcome: heldReason ? "held" : "published", emailId: email.id };
}
