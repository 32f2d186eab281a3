import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { AdminCampaign, CampaignCreate, CampaignPatch, Dashboard } from "../../contract";
import type { z } from "@hono/zod-openapi";
import { auditLog, campaignMemberships, campaigns, organizers, outbox, signatures, type Campaign, type OutboxStatus } from "../../schema/tables";
import type { Database } from "../env";
import { Problem } from "../lib/problem";
import { findCampaignBySlug, forgetCampaign } from "../queries/campaigns";
import { audit, changedFields } from "../queries/organizers";
import { campaignClosedEvent } from "./webhook-events";

/** Everything an organizer may see of a campaign. */
export function campaignView(campaign: Campaign): AdminCampaign {
  return {
    slug: campaign.slug,
    title: campaign.title,
    body: campaign.body,
    addressees: campaign.addressees,
    cc: campaign.cc,
    salutation: campaign.salutation,
    letterDate: campaign.letterDate,
    language: campaign.language,
    translations: campaign.translations,
    status: campaign.status,
    closesAt: campaign.closesAt?.toISOString() ?? null,
    moderation: campaign.moderation,
    signerKinds: campaign.signerKinds,
    allowedOrigins: campaign.allowedOrigins,
    botPolicy: campaign.botPolicy,
    replyTo: campaign.replyTo,
    timeZone: campaign.timeZone,
    countryTargets: campaign.countryTargets,
    showAuthenticity: campaign.showAuthenticity,
    version: campaign.version,
    count: campaign.signatureCount,
    unnamedCount: campaign.unnamedCount,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

const slugTaken = () =>
  new Problem(409, {
    title: "That slug is taken",
    type: "slug-taken",
    errors: [{ field: "slug", pointer: "/slug", code: "taken", message: "another campaign uses this slug" }],
  });

/** A new campaign, its creator as its organizer, and the audit entry: one batch. */
export async function createCampaign(db: Database, organizerId: number, input: z.output<typeof CampaignCreate>) {
  if (await findCampaignBySlug(db, input.slug)) throw slugTaken();
  const values = { ...input, closesAt: input.closesAt ? new Date(input.closesAt) : null };
  const campaignId = sql`(SELECT id FROM campaigns WHERE slug = ${input.slug})`;
  const [[created]] = await db.batch([
    db.insert(campaigns).values(values).returning(),
    db.insert(campaignMemberships).values({ organizerId, campaignId, role: "owner" }),
    audit(db, { organizerId, campaignId, entity: "campaign", entityId: input.slug, action: "create", after: { ...input } }),
  ]);
  return created;
}

/** The parts of the letter a signature agrees to: changing any of them makes a new version. */
const letterText = (campaign: Pick<Campaign, "title" | "body" | "salutation" | "translations">) =>
  JSON.stringify([
    campaign.title,
    campaign.body,
    campaign.salutation,
    Object.fromEntries(Object.entries(campaign.translations).map(([lang, t]) => [lang, [t?.title, t?.body, t?.salutation]])),
  ]);

/**
 * Changes what the organizer changed, nothing else. A new text after someone signed is a new
 * version, so that each signature keeps the version it agreed to.
 */
export async function updateCampaign(db: Database, organizerId: number, campaign: Campaign, input: z.output<typeof CampaignPatch>) {
  const update: Partial<Campaign> = { ...input, closesAt: input.closesAt === undefined ? undefined : input.closesAt ? new Date(input.closesAt) : null };
  const changes = changedFields(campaignView(campaign) as Record<string, unknown>, { ...input });
  if (!changes) return campaign;
  const textChanged = letterText(campaign) !== letterText({ ...campaign, ...update } as Campaign);
  const signed = textChanged
    ? await db.select({ id: signatures.id }).from(signatures).where(eq(signatures.campaignId, campaign.id)).limit(1).get()
    : undefined;
  const version = signed ? campaign.version + 1 : campaign.version;
  const now = new Date();
  const closing = input.status === "closed" && campaign.status !== "closed";
  // Showing marks or not changes every page of the public list: a new version, so that no copy or ETag keeps the old.
  const listChanged = input.showAuthenticity !== undefined && input.showAuthenticity !== campaign.showAuthenticity;
  const [[updated]] = await db.batch([
    db
      .update(campaigns)
      .set({ ...update, version, updatedAt: now, ...(listChanged ? { listVersion: sql`${campaigns.listVersion} + 1` } : {}) })
      .where(eq(campaigns.id, campaign.id))
      .returning(),
    audit(db, {
      organizerId,
      campaignId: campaign.id,
      entity: "campaign",
      entityId: campaign.slug,
      action: "update",
      before: { ...changes.before, ...(signed ? { version: campaign.version } : {}) },
      after: { ...changes.after, ...(signed ? { version } : {}) },
    }),
    ...(closing ? [campaignClosedEvent(db, { ...campaign, ...update } as Campaign, { at: now })] : []),
  ]);
  forgetCampaign(campaign.slug);
  return updated;
}

const UNDELIVERED: OutboxStatus[] = ["failed", "bounced", "complained"];

/** Counts at a glance: by status, per day and by country for the published list. */
export async function campaignDashboard(db: Database, campaign: Campaign): Promise<Dashboard> {
  const id = campaign.id;
  const day = sql<string>`strftime('%Y-%m-%d', coalesce(${signatures.publishedAt}, ${signatures.createdAt}) / 1000, 'unixepoch')`;
  const [byStatus, perDay, byCountry, failedEmails] = await db.batch([
    db
      .select({ status: signatures.status, count: sql<number>`count(*)` })
      .from(signatures)
      .where(eq(signatures.campaignId, id))
      .groupBy(signatures.status),
    db
      .select({ day, count: sql<number>`count(*)` })
      .from(signatures)
      .where(and(eq(signatures.campaignId, id), eq(signatures.status, "published")))
      .groupBy(day)
      .orderBy(day),
    db
      .select({ country: signatures.country, count: sql<number>`count(*)` })
      .from(signatures)
      .where(and(eq(signatures.campaignId, id), eq(signatures.status, "published")))
      .groupBy(signatures.country)
      .orderBy(desc(sql`count(*)`), signatures.country),
    db
      .select({ count: sql<number>`count(*)` })
      .from(outbox)
      .innerJoin(signatures, eq(signatures.id, outbox.signatureId))
      .where(and(eq(signatures.campaignId, id), inArray(outbox.status, UNDELIVERED))),
  ]);
  const statuses = Object.fromEntries(byStatus.map((row) => [row.status, row.count]));
  return {
    count: campaign.signatureCount,
    version: campaign.version,
    byStatus: { pending: 0, verified: 0, held: 0, published: 0, rejected: 0, withdrawn: 0, ...statuses },
    perDay,
    byCountry,
    failedEmails: failedEmails[0]?.count ?? 0,
  };
}

/** Emails to this campaign's signers that the outbox gave up on, or that bounced or were marked as spam, newest first. */
export async function undeliveredEmails(db: Database, campaignId: number) {
  const rows = await db
    .select({
      id: outbox.id,
      recipient: outbox.recipient,
      template: outbox.template,
      subject: outbox.subject,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
      signatureId: outbox.signatureId,
      signatureName: signatures.name,
    })
    .from(outbox)
    .innerJoin(signatures, eq(signatures.id, outbox.signatureId))
    .where(and(eq(signatures.campaignId, campaignId), inArray(outbox.status, UNDELIVERED)))
    .orderBy(desc(outbox.createdAt))
    .limit(200)
    .all();
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** The campaign's history, newest first. */
export async function auditTrail(db: Database, campaignId: number) {
  const kept = alias(signatures, "kept");
  const rows = await db
    .select({ entry: auditLog, email: organizers.email, name: organizers.name, signatureName: signatures.name, mergedIntoName: kept.name })
    .from(auditLog)
    .leftJoin(organizers, eq(organizers.id, auditLog.organizerId))
    // Entries record ids: the history names the signatures they are about.
    .leftJoin(signatures, and(eq(auditLog.entity, "signature"), eq(signatures.id, auditLog.entityId)))
    .leftJoin(kept, and(eq(auditLog.action, "merge"), eq(kept.id, sql`json_extract(${auditLog.after}, '$.duplicateOf')`)))
    .where(eq(auditLog.campaignId, campaignId))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(200)
    .all();
  return rows.map(({ entry, email, name, signatureName, mergedIntoName }) => ({
    id: entry.id,
    organizerId: entry.organizerId,
    organizer: email,
    organizerName: name,
    signatureName,
    mergedIntoName,
    entity: entry.entity,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before,
    after: entry.after,
    createdAt: entry.createdAt.toISOString(),
  }));
}
