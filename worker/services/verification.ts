import { and, eq, isNull } from "drizzle-orm";
import { campaigns, signatures, tokens, type Campaign, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { hashToken, TOKEN_FORMAT } from "../lib/tokens";
import { titleIn } from "../queries/campaigns";
import { findListedNamesake } from "../queries/signatures";

interface TokenTarget {
  signature: Signature;
  campaign: Campaign;
  tokenId: number;
}

export type TokenState =
  | { state: "invalid" }
  | ({ state: "expired" } & TokenTarget)
  | ({ state: "used" } & TokenTarget)
  | ({ state: "valid" } & TokenTarget);

/** Reads what a verification link points to. Changes nothing: mail scanners open links too. */
export async function inspectVerifyToken(db: Database, token: string, now = Date.now()): Promise<TokenState> {
  if (!TOKEN_FORMAT.test(token)) return { state: "invalid" };
  const row = await db
    .select({ token: tokens, signature: signatures, campaign: campaigns })
    .from(tokens)
    .innerJoin(signatures, eq(signatures.id, tokens.signatureId))
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(and(eq(tokens.hash, await hashToken(token)), eq(tokens.purpose, "verify")))
    .get();
  if (!row) return { state: "invalid" };
  const { signature, campaign } = row;
  const base = { signature, campaign, tokenId: row.token.id };
  if (row.token.usedAt || signature.status !== "pending") return { state: "used", ...base };
  if (row.token.expiresAt.getTime() <= now) return { state: "expired", ...base };
  return { state: "valid", ...base };
}

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
  campaignUrl: string,
): Promise<Confirmation> {
  const { signature, campaign, tokenId } = found;
  const namesake = campaign.moderation === "publish" ? await findListedNamesake(db, signature) : undefined;
  const heldReason = campaign.moderation === "hold" ? "moderation" : namesake ? "duplicate-name" : null;
  const now = new Date();
  const locale = signature.locale;
  const email = queueEmail(db, {
    id: `confirmed-${signature.id}`,
    recipient: signature.email!,
    template: "confirmed",
    locale,
    signatureId: signature.id,
    ...renderEmail("confirmed", locale, {
      contactName: signature.contactName ?? "",
      organization: signature.name,
      title: titleIn(campaign, locale),
      campaignUrl,
      held: Boolean(heldReason),
    }),
  });
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
    email.query,
  ]);
  return { outcome: heldReason ? "held" : "published", emailId: email.id };
}
