import { and, eq } from "drizzle-orm";
import { campaigns, signatures, tokens, type Campaign, type Signature, type SignOnDetails } from "../../schema/tables";
import type { Database } from "../env";
import { canMove } from "../lib/signature-model";
import { hashToken, newToken, TOKEN_FORMAT } from "../lib/tokens";

/** The links mailed to signers: confirm a pending signature, withdraw a confirmed one, or stop the organizers' updates. */
export type SignerLinkPurpose = "verify" | "withdraw" | "unsubscribe" | "manage";

export const LINK_TTL_MS: Record<SignerLinkPurpose, number> = {
  verify: 7 * 24 * 60 * 60 * 1000,
  // Withdrawal stays possible for as long as contact data is kept.
  withdraw: 400 * 24 * 60 * 60 * 1000,
  unsubscribe: 400 * 24 * 60 * 60 * 1000,
  // Correcting one's entry, like withdrawing it, for as long as the contact is kept: retention ends it.
  manage: 400 * 24 * 60 * 60 * 1000,
};

/**
 * A new link's token (for the email) and the row of its hash. A verification link carries the
 * details of the sign-on it was mailed for: those, and only those, are what it confirms.
 */
export async function signerLinkEntry(purpose: SignerLinkPurpose, signatureId: string, details: SignOnDetails | null = null) {
  const token = newToken();
  const row = { hash: await hashToken(token), purpose, signatureId, expiresAt: new Date(Date.now() + LINK_TTL_MS[purpose]), details };
  return { token, row };
}

/** A new link's token (for the email) and the insert of its hash (for the batch). */
export async function newSignerLink(db: Database, purpose: SignerLinkPurpose, signatureId: string, details: SignOnDetails | null = null) {
  const { token, row } = await signerLinkEntry(purpose, signatureId, details);
  return { token, query: db.insert(tokens).values(row) };
}

interface TokenTarget {
  signature: Signature;
  campaign: Campaign;
  tokenId: number;
}

export type TokenState =
  | { state: "invalid" }
  | ({ state: "expired" } & TokenTarget)
  | ({ state: "used" } & TokenTarget)
  | ({ state: "valid"; details: SignOnDetails | null } & TokenTarget);

// Whether the signature is still in the state the link acts on.
const actionable: Record<SignerLinkPurpose, (signature: Signature) => boolean> = {
  verify: (signature) => canMove("confirm", signature.status),
  withdraw: (signature) => canMove("withdraw", signature.status),
  unsubscribe: (signature) => !signature.updatesUnsubscribedAt,
  // Used many times: it ends with the entry (withdrawn, rejected) or once retention erased the contact.
  manage: (signature) => canMove("withdraw", signature.status) && signature.email !== null,
};

/** Reads what a link points to. Changes nothing: mail scanners open links too. */
export async function inspectSignerLink(
  db: Database,
  purpose: SignerLinkPurpose,
  token: string,
  now = Date.now(),
): Promise<TokenState> {
  if (!TOKEN_FORMAT.test(token)) return { state: "invalid" };
  const row = await db
    .select({ token: tokens, signature: signatures, campaign: campaigns })
    .from(tokens)
    .innerJoin(signatures, eq(signatures.id, tokens.signatureId))
    .innerJoin(campaigns, eq(campaigns.id, signatures.campaignId))
    .where(and(eq(tokens.hash, await hashToken(token)), eq(tokens.purpose, purpose)))
    .get();
  if (!row) return { state: "invalid" };
  const { signature, campaign } = row;
  const base = { signature, campaign, tokenId: row.token.id };
  if (row.token.usedAt || !actionable[purpose](signature)) return { state: "used", ...base };
  if (row.token.expiresAt.getTime() <= now) return { state: "expired", ...base };
  // A verification link confirms only the details it carries; one without cannot confirm anything.
  if (purpose === "verify" && !row.token.details) return { state: "invalid" };
  return { state: "valid", details: row.token.details, ...base };
}

