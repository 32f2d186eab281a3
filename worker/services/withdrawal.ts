import { and, eq, inArray, isNull } from "drizzle-orm";
import { signatures, tokens } from "../../schema/tables";
import type { Database } from "../env";
import type { TokenState } from "./signer-links";

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
      .where(and(eq(signatures.id, found.signature.id), inArray(signatures.status, ["published", "held", "verified"]))),
  ]);
}
