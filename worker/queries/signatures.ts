import { and, asc, desc, eq, inArray, like, ne, or, sql } from "drizzle-orm";
import { signatures, type Campaign, type Signature } from "../../schema/tables";
import type { PublicSignature } from "../../contract";
import type { Database } from "../env";
import { organizationKeyVariants, searchPatterns } from "../lib/names";
import { publicMark } from "../services/public-notes";

export interface ListQuery {
  limit: number;
  cursor?: { sortKey: string; id: string };
  q?: string;
  country?: string;
}

/**
 * Rows after a keyset cursor, as one row-value comparison: SQLite makes it a range on the
 * (…, sort_key, id) indexes, where the equivalent OR of two comparisons scans from the start
 * (the bench measured 100,001 rows read for the last page of 100,000).
 */
export const afterCursor = (cursor: { sortKey: string; id: string }) =>
  sql`(${signatures.sortKey}, ${signatures.id}) > (${cursor.sortKey}, ${cursor.id})`;

/**
 * One page of published signatures in collation order. Keyset pagination over
 * (campaign, status, sort_key, id) so that the last page costs what the first does.
 */
export function listPublishedSignatures(db: Database, campaignId: number, query: ListQuery) {
  // Those who asked not to be named are counted, never listed: a filter on the rows the index
  // walks, so a page reads its own rows plus the few unnamed ones among them.
  const filters = [eq(signatures.campaignId, campaignId), eq(signatures.status, "published"), eq(signatures.unnamed, false)];
  if (query.country) filters.push(eq(signatures.country, query.country));
  for (const pattern of query.q ? searchPatterns(query.q) : []) {
    filters.push(like(signatures.searchText, pattern));
  }
  if (query.cursor) filters.push(afterCursor(query.cursor));
  return db
    .select()
    .from(signatures)
    .where(and(...filters))
    .orderBy(asc(signatures.sortKey), asc(signatures.id))
    .limit(query.limit + 1)
    .all();
}

/**
 * What anyone may see of a signature: never the contact's name, title or email; its mark only
 * where the campaign shows marks. Callers list only named entries (`unnamed` false).
 */
export function publicSignature(signature: Signature, campaign: Pick<Campaign, "showAuthenticity">): PublicSignature {
  const isOrganization = signature.kind === "organization";
  return {
    id: signature.id,
    kind: signature.kind,
    name: signature.name,
    organization: isOrganization ? signature.name : signature.affiliation,
    city: signature.city,
    region: signature.region,
    country: signature.country,
    website: signature.website,
    members: signature.members,
    authenticated: publicMark(campaign, signature.authenticated),
    signedAt: (signature.publishedAt ?? signature.createdAt).toISOString(),
  };
}

/** The signer's earlier sign-on for this organization, if any: a query to run in a batch. */
export function signerSignature(db: Database, campaignId: number, email: string, organizationKey: string) {
  return db
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.campaignId, campaignId),
        eq(signatures.email, email),
        eq(signatures.organizationKey, organizationKey),
      ),
    )
    .limit(1);
}

/**
 * A published signature of the same organization as `signature`: the same organization key (its
 * acronym added or left out), or the same look-alike key. The first is an imitation when there is
 * one: a look-alike from another email domain. Held entries are not looked at (see verification).
 */
export function findPublishedNamesake(db: Database, signature: Pick<Signature, "id" | "campaignId" | "organizationKey" | "lookAlikeKey" | "emailDomain">) {
  const inCampaign = eq(signatures.campaignId, signature.campaignId);
  const sameOrganization = and(inCampaign, inArray(signatures.organizationKey, organizationKeyVariants(signature.organizationKey)));
  // Entries stored before look-alike keys have an empty one, which matches nothing.
  const lookAlike = signature.lookAlikeKey ? and(inCampaign, eq(signatures.lookAlikeKey, signature.lookAlikeKey)) : undefined;
  const fromElsewhere = sql`${signatures.lookAlikeKey} = ${signature.lookAlikeKey} AND ${signatures.emailDomain} IS NOT ${signature.emailDomain}`;
  return db
    .select({ id: signatures.id, imitated: sql<number>`${fromElsewhere}` })
    .from(signatures)
    // The unary + keeps SQLite from reading every published row through the status index: the
    // two keys' indexes find the few candidates.
    .where(and(or(sameOrganization, lookAlike), ne(signatures.id, signature.id), sql`+${signatures.status} = 'published'`))
    .orderBy(desc(sql`${fromElsewhere}`))
    .get();
}
