import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { auditLog, campaignMemberships, campaigns, organizers, signatures } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { renderOrganizerEmail } from "../email/organizer";
import { campaignBecame, campaignClosedEvent } from "./webhook-events";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Organizers' notices name everyone, and say who asked not to be named where they might copy from. */
const NOT_NAMED = "not to be named publicly";

/** Cron: open campaigns whose deadline has passed become closed, each with an audit entry and its webhook event. */
export async function closeCampaignsAtDeadline(db: Database, now: Date) {
  const due = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.status, "open"), isNotNull(campaigns.closesAt), lte(campaigns.closesAt, now)))
    .limit(50)
    .all();
  if (!due.length) return 0;
  await db.batch([
    db
      .update(campaigns)
      .set({ status: "closed", updatedAt: now })
      .where(and(inArray(campaigns.id, due.map((row) => row.id)), eq(campaigns.status, "open"))),
    db.insert(auditLog).values(
      due.map((row) => ({
        campaignId: row.id,
        entity: "campaign" as const,
        entityId: row.slug,
        action: "close-at-deadline",
        before: { status: "open" },
        after: { status: "closed" },
      })),
    ),
    ...due.map((campaign) => campaignClosedEvent(db, campaign, { at: now, happened: campaignBecame(db, campaign.id, "closed", now) })),
  ]);
  return due.length;
}

/**
 * Cron: tells organizers about newly confirmed signatures, as each one prefers: an email per
 * signature, or one digest a day. Each membership keeps a watermark (`notifiedThrough`) so that
 * nothing is told twice; email ids are derived from membership and signature, so a rerun after a
 * crash queues no second copy. Returns the ids of queued emails.
 */
export async function notifyOrganizers(db: Database, now: Date, consoleUrl: string, batchSize = 50): Promise<string[]> {
  const memberships = await db
    .select({ membership: campaignMemberships, email: organizers.email, title: campaigns.title, slug: campaigns.slug })
    .from(campaignMemberships)
    .innerJoin(organizers, eq(organizers.id, campaignMemberships.organizerId))
    .innerJoin(campaigns, eq(campaigns.id, campaignMemberships.campaignId))
    .where(
      sql`(${campaignMemberships.notifications} = 'each' AND EXISTS (SELECT 1 FROM ${signatures} WHERE ${signatures.campaignId} = ${campaignMemberships.campaignId} AND ${signatures.verifiedAt} > ${campaignMemberships.notifiedThrough}))
        OR (${campaignMemberships.notifications} = 'daily' AND ${campaignMemberships.notifiedThrough} <= ${now.getTime() - DAY_MS})`,
    )
    .limit(batchSize)
    .all();

  const queued: string[] = [];
  for (const { membership, email, title, slug } of memberships) {
    const link = consoleUrl ? `${consoleUrl}/admin#${slug}` : "";
    const fresh = and(
      eq(signatures.campaignId, membership.campaignId),
      gt(signatures.verifiedAt, membership.notifiedThrough),
      lte(signatures.verifiedAt, now),
      inArray(signatures.status, ["published", "held"]),
    );
    if (membership.notifications === "each") {
      const rows = await db.select().from(signatures).where(fresh).orderBy(asc(signatures.verifiedAt)).limit(batchSize).all();
      if (!rows.length) continue;
      const mails = rows.map((row) =>
        queueEmail(db, {
          id: `notice-${membership.id}-${row.id}`,
          recipient: email,
          template: "notice",
          locale: "en",
          ...renderOrganizerEmail("signature", { campaign: title, name: row.name, country: row.country, status: row.unnamed ? `${row.status}, ${NOT_NAMED}` : row.status, consoleUrl: link }),
        }),
      );
      const advance = db.update(campaignMemberships).set({ notifiedThrough: rows.at(-1)!.verifiedAt! }).where(eq(campaignMemberships.id, membership.id));
      await db.batch([advance, ...mails.map((mail) => mail.query)]);
      queued.push(...mails.map((mail) => mail.id));
      continue;
    }
    const rows = await db.select({ name: signatures.name, status: signatures.status, unnamed: signatures.unnamed }).from(signatures).where(fresh).orderBy(asc(signatures.sortKey)).all();
    const advance = db.update(campaignMemberships).set({ notifiedThrough: now }).where(eq(campaignMemberships.id, membership.id));
    if (!rows.length) {
      await advance.run();
      continue;
    }
    const digest = queueEmail(db, {
      id: `digest-${membership.id}-${now.toISOString().slice(0, 10)}`,
      recipient: email,
      template: "digest",
      locale: "en",
      ...renderOrganizerEmail("digest", {
        campaign: title,
        count: rows.length,
        names: rows.map((row) => (row.unnamed ? `${row.name} (${NOT_NAMED})` : row.name)),
        held: rows.filter((row) => row.status === "held").length,
        consoleUrl: link,
      }),
    });
    await db.batch([digest.query, advance]);
    queued.push(digest.id);
  }
  return queued;
}
