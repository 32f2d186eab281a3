import { and, desc, eq, gte, inArray, isNotNull, like, lt, lte, notInArray, or, type SQL } from "drizzle-orm";
import { signatures, type Campaign, type Signature, type SignatureStatus } from "../../schema/tables";
import type { Database } from "../env";
import { domainMatchesWebsite, isFreeMail } from "../lib/authenticity";
import { organizationKeyVariants, searchPatterns } from "../lib/names";
import { startsOf } from "../lib/signature-model";

export interface ReviewQuery {
  status?: SignatureStatus;
  /** Only entries whose signer's correction waits for approval. */
  correction?: "pending";
  q?: string;
  limit: number;
  /** `<createdAt ms>:<id>` of the last row of the previous page. */
  cursor?: string;
}

/** The review queue, newest first, keyset-paginated over (campaign, status, created_at, id). */
export async function listForReview(db: Database, campaignId: number, query: ReviewQuery) {
  const filters: SQL[] = [eq(signatures.campaignId, campaignId)];
  if (query.status) filters.push(eq(signatures.status, query.status));
  if (query.correction) filters.push(isNotNull(signatures.pendingCorrection));
  for (const pattern of query.q ? searchPatterns(query.q) : []) filters.push(like(signatures.searchText, pattern));
  if (query.cursor) {
    const [ms, id] = query.cursor.split(":");
    const at = new Date(Number(ms));
    filters.push(or(lt(signatures.createdAt, at), and(eq(signatures.createdAt, at), lt(signatures.id, id)))!);
  }
  const rows = await db
    .select()
    .from(signatures)
    .where(and(...filters))
    .orderBy(desc(signatures.createdAt), desc(signatures.id))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > query.limit && last ? `${last.createdAt.getTime()}:${last.id}` : null };
}

export interface PossibleDuplicate {
  id: string;
  name: string;
  status: SignatureStatus;
  reason: "name" | "look-alike" | "email-domain";
}

const CLOSED: SignatureStatus[] = ["rejected", "withdrawn"];

/**
 * Possible duplicates of each given signature among the campaign's live ones: the same
 * normalized organization name (its acronym added or left out), a name that looks the same (the
 * same look-alike key: "0XFAM" and "Oxfam"), or the same (non-free-mail) email domain. A pair stops
 * being flagged once an organizer kept both, i.e. both carry `duplicatesReviewedAt`.
 */
export async function findPossibleDuplicates(db: Database, campaignId: number, rows: Signature[]) {
  const live = rows.filter((row) => !CLOSED.includes(row.status));
  const keys = [...new Set(live.flatMap((row) => organizationKeyVariants(row.organizationKey)))];
  // Entries stored before look-alike keys have an empty one, which matches nothing.
  const lookAlikes = [...new Set(live.map((row) => row.lookAlikeKey).filter(Boolean))];
  const domains = [...new Set(live.map((row) => row.emailDomain).filter((domain): domain is string => Boolean(domain) && !isFreeMail(domain)))];
  const result = new Map<string, PossibleDuplicate[]>();
  if (!live.length) return result;
  const matches = [inArray(signatures.organizationKey, keys)];
  if (lookAlikes.length) matches.push(inArray(signatures.lookAlikeKey, lookAlikes));
  if (domains.length) matches.push(inArray(signatures.emailDomain, domains));
  const candidates = await db
    .select()
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), notInArray(signatures.status, CLOSED), or(...matches)))
    .limit(1000)
    .all();
  for (const row of live) {
    const found = candidates
      .filter((other) => other.id !== row.id && !(row.duplicatesReviewedAt && other.duplicatesReviewedAt))
      .flatMap((other): PossibleDuplicate[] => {
        if (organizationKeyVariants(row.organizationKey).includes(other.organizationKey)) {
          return [{ id: other.id, name: other.name, status: other.status, reason: "name" }];
        }
        if (row.lookAlikeKey && other.lookAlikeKey === row.lookAlikeKey) {
          return [{ id: other.id, name: other.name, status: other.status, reason: "look-alike" }];
        }
        if (row.emailDomain && other.emailDomain === row.emailDomain && !isFreeMail(row.emailDomain)) {
          return [{ id: other.id, name: other.name, status: other.status, reason: "email-domain" }];
        }
        return [];
      });
    if (found.length) result.set(row.id, found);
  }
  return result;
}

/** Everything organizers see of a signature, with its review signals. */
export function reviewView(
  signature: Signature,
  campaign: Campaign,
  duplicates: PossibleDuplicate[] = [],
) {
  return {
    id: signature.id,
    kind: signature.kind,
    name: signature.name,
    affiliation: signature.affiliation,
    city: signature.city,
    region: signature.region,
    country: signature.country,
    website: signature.website,
    members: signature.members,
    contactName: signature.contactName,
    contactTitle: signature.contactTitle,
    email: signature.email,
    locale: signature.locale,
    source: signature.source,
    partner: signature.partner,
    status: signature.status,
    heldReason: signature.heldReason,
    rejectedReason: signature.rejectedReason,
    duplicateOf: signature.duplicateOf,
    letterVersion: signature.letterVersion,
    /** Signed an earlier text of the letter than the current one. */
    signedOlderVersion: signature.letterVersion < campaign.version,
    createdAt: signature.createdAt.toISOString(),
    verifiedAt: signature.verifiedAt?.toISOString() ?? null,
    publishedAt: signature.publishedAt?.toISOString() ?? null,
    signals: {
      domainMatchesWebsite: domainMatchesWebsite(signature.emailDomain, signature.website),
      freeMail: isFreeMail(signature.emailDomain),
    },
    unnamed: signature.unnamed,
    authenticated: signature.authenticated,
    duplicates,
    pendingCorrection: signature.pendingCorrection
      ? { ...signature.pendingCorrection.fields, requestedAt: signature.pendingCorrection.requestedAt, possibleImpersonation: signature.pendingCorrection.possibleImpersonation }
      : null,
  };
}

export function findCampaignSignature(db: Database, campaignId: number, id: string) {
  return db
    .select()
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.id, id)))
    .get();
}

/** The signatures a bulk rejection would hit: live ones from a domain, made within a time range, or both. Each bound counts alone. */
export function bulkRejectionFilter(campaignId: number, { domain, from, to }: { domain?: string; from?: Date; to?: Date }) {
  const filters: SQL[] = [eq(signatures.campaignId, campaignId), inArray(signatures.status, startsOf("bulkReject"))];
  if (domain) filters.push(or(eq(signatures.emailDomain, domain), like(signatures.emailDomain, `%.${domain}`))!);
  if (from) filters.push(gte(signatures.createdAt, from));
  if (to) filters.push(lte(signatures.createdAt, to));
  return and(...filters)!;
}
