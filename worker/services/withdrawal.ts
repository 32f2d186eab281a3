import { and, eq, inArray, isNull } from "drizzle-orm";
import { signatures, tokens } from "../../schema/tables";
import type { Database } from "../env";
import { startsOf } from "../lib/signature-model";
import type { TokenState } from "./signer-links";
import { signatureBecame, signatureEvent } from "./webhook-events";

/**
 * Takes a signature off the letter at the signer's request. The contact data stays until the
 * retention purge, so that organizers can see who withdrew; the public list and count drop it at
 * once (the count by trigger).
 */
export async function withdrawSignature(db: Database, found: Extract<TokenState, { state: "valid" }>) {
  const now = new Date();
  await db.batch([
    db.update(tokens).set({ usedAt: now }).where(and(eq(tokens.id, found.tokenId), isNull(tokens.usedAt))),
    db
      .update(signatures)
      .set({ status: "withdrawn", updatedAt: now })
      .where(and(eq(signatures.id, found.signature.id), inArray(signatures.status, startsOf("withdraw")))),
    // Receivers know only listed entries: only those are told of a withdrawal.
    ...(found.signature.status === "published"
      ? [
          signatureEvent(db, "signature.withdrawn", found.campaign, { ...found.signature, status: "withdrawn", updatedAt: now }, {
            at: now,
            happened: signatureBecame(db, found.signature.id, "withdrawn", now),
          }),
        ]
      : []),
  ]);
}
