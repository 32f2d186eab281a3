import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { coalitionContacts, coalitionInvitations } from "../../schema/coalition";
import { campaignMemberships, campaigns, signatures, type Signature } from "../../schema/tables";
import type { Database } from "../env";
import { newId } from "../lib/tokens";

/**
 * A campaign's coalition: the other campaigns that share an owner with it. The product has no
 * coalition of its own; the people who own a campaign are the ones who would write its next letter.
 */
export function coalitionCampaigns(db: Database, campaignId: number) {
  const owners = db
    .select({ id: campaignMemberships.organizerId })
    .from(campaignMemberships)
    .where(and(eq(campaignMemberships.campaignId, campaignId), eq(campaignMemberships.role, "owner")));
  return db
    .selectDistinct({ id: campaignMemberships.campaignId })
    .from(campaignMemberships)
    .where(and(inArray(campaignMemberships.organizerId, owners), eq(campaignMemberships.role, "owner"), ne(campaignMemberships.campaignId, campaignId)));
}

/** The consent a confirmed sign-on gave, to write in the confirmation's batch (once per campaign, organization and address). */
export const consentInsert = (db: Database, signature: Signature, now: Date) =>
  db
    .insert(coalitionContacts)
    .values({
      id: newId(),
      campaignId: signature.campaignId,
      organization: signature.name,
      organizationKey: signature.organizationKey,
      emailDomain: signature.emailDomain ?? "",
      contactName: signature.contactName,
      email: signature.email!,
      locale: signature.locale,
      consentedAt: now,
    })
    .onConflictDoNothing();

/** Statuses of an entry whose organization has signed: its address was confirmed. */
const SIGNED = ["verified", "held", "published"] as const;

/**
 * The coalition's consenting contacts as seen from `campaignId`, most recent consent first, each
 * with whether its organization (key, email domain) signed this campaign and when this campaign
 * invited its address. At most `limit` rows: the route filters and keeps one per address.
 */
export function coalitionCandidates(db: Database, campaignId: number, limit = 2000) {
  const signed = sql.join(
    SIGNED.map((status) => sql`${status}`),
    sql`, `,
  );
  const signedHere = (mine: SQLiteColumn, theirs: SQLiteColumn) =>
    sql<number>`exists (select 1 from ${signatures} where ${signatures.campaignId} = ${campaignId} and ${mine} = ${theirs} and ${signatures.status} in (${signed}))`;
  return db
    .select({
      contact: coalitionContacts,
      slug: campaigns.slug,
      title: campaigns.title,
      organizationSigned: signedHere(signatures.organizationKey, coalitionContacts.organizationKey),
      domainSigned: signedHere(signatures.emailDomain, coalitionContacts.emailDomain),
      invitedAt: sql<number | null>`(select min(ci.created_at) from ${coalitionInvitations} ci join ${coalitionContacts} c2 on c2.id = ci.contact_id where ci.campaign_id = ${campaignId} and c2.email = ${coalitionContacts.email})`,
    })
    .from(coalitionContacts)
    .innerJoin(campaigns, eq(campaigns.id, coalitionContacts.campaignId))
    .where(inArray(coalitionContacts.campaignId, coalitionCampaigns(db, campaignId)))
    .orderBy(desc(coalitionContacts.consentedAt), desc(coalitionContacts.id))
    .limit(limit)
    .all();
}
