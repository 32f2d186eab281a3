import { and, eq, inArray, isNull } from "drizzle-orm";
import { signatures, tokens, type Campaign, type HeldReason, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { signerEmail } from "../email/signer";
import { findPublishedNamesake } from "../queries/signatures";
import { fieldsOfSignOn, startsOf } from "../lib/signature-model";
import { domainMatchesWebsite } from "../lib/authenticity";
import { mixesScripts } from "../lib/scripts";
import { consentInsert } from "../queries/coalition";
import { newSignerLink, type TokenState } from "./signer-links";
import { signatureBecame, signatureEvent } from "./webhook-events";

export interface Confirmation {
  outcome: "published" | "held";
  /** The name confirmed: the one the link was mailed with. */
  name: string;
  emailId: string;
}

/**
 * Why a confirmed signature waits for an organizer, if it does. A name that imitates a published
 * organization (its look-alike from another email domain) or mixes scripts within a word is a
 * possible impersonation, said even where the campaign holds everything, so that organizers see
 * why; then the campaign's moderation; then a published entry of the same organization. Held
 * entries are not compared: a confirmation held for one would tell the signer that it exists.
 */
async function heldReasonFor(db: Database, campaign: Campaign, signed: Signature): Promise<HeldReason | null> {
  const namesake = await findPublishedNamesake(db, signed);
  if (namesake?.imitated || mixesScripts(signed.name)) return "possible-impersonation";
  if (campaign.moderation === "hold") return "moderation";
  return namesake ? "duplicate-name" : null;
}

/**
 * Confirms a pending signature with the details its link was mailed with (whatever sign-ons came
 * after): publishes them, or holds them for review. One batch; the count follows by trigger. Every
 * statement is guarded so that a second, concurrent confirmation changes nothing.
 */
export async function confirmSignature(
  db: Database,
  found: Extract<TokenState, { state: "valid" }>,
  baseUrl: string,
): Promise<Confirmation> {
  const { campaign, tokenId } = found;
  // inspectSignerLink answers "valid" for a verification link only when it carries its details.
  const confirmed = fieldsOfSignOn(found.details!);
  // The mark is decided now, while the address is kept (retention erases it later), and shown only
  // where the campaign shows marks. A confirmation re-decides it: an earlier one was for earlier details.
  const authenticated = domainMatchesWebsite(found.signature.emailDomain, confirmed.website) ? ("domain" as const) : null;
  const signature = { ...found.signature, ...confirmed, authenticated };
  const heldReason = await heldReasonFor(db, campaign, signature);
  const now = new Date();
  const withdrawal = await newSignerLink(db, "withdraw", signature.id);
  const manage = await newSignerLink(db, "manage", signature.id);
  const email = queueEmail(
    db,
    signerEmail("confirmed", signature, campaign, baseUrl, {
      withdrawLink: `${baseUrl}/withdraw/${withdrawal.token}`,
      manageLink: `${baseUrl}/manage/${manage.token}`,
      held: Boolean(heldReason),
    }),
  );
  await db.batch([
    db.update(tokens).set({ usedAt: now }).where(and(eq(tokens.id, tokenId), isNull(tokens.usedAt))),
    // No link of this signature can confirm anything now: what they carried is not kept.
    db.update(tokens).set({ details: null }).where(and(eq(tokens.signatureId, signature.id), eq(tokens.purpose, "verify"))),
    db
      .update(signatures)
      .set({
        ...confirmed,
        authenticated: signature.authenticated,
        status: heldReason ? "held" : "published",
        heldReason,
        verifiedAt: now,
        publishedAt: heldReason ? null : now,
        updatedAt: now,
      })
      .where(and(eq(signatures.id, signature.id), inArray(signatures.status, startsOf("confirm")))),
    withdrawal.query,
    manage.query,
    email.query,
    // Kept only now that the address is confirmed: the coalition's memory holds verified contacts.
    ...(found.details!.coalitionConsent && signature.email ? [consentInsert(db, signature, now)] : []),
    ...(heldReason
      ? []
      : [
          signatureEvent(db, "signature.published", campaign, { ...signature, status: "published", verifiedAt: now, publishedAt: now, updatedAt: now }, {
            at: now,
            happened: signatureBecame(db, signature.id, "published", now),
          }),
        ]),
  ]);
  return { outcome: heldReason ? "held" : "published", name: signature.name, emailId: email.id };
}
