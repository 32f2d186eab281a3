import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { auditLog, campaignMemberships, campaigns, organizers, outbox, signatures, type Campaign, type OutboxStatus } from "../../schema/tables";
import { CampaignCreate, CampaignPatch, NotificationsBody } from "../admin-schemas";
import type { AppEnv } from "../env";
import { Problem } from "../lib/problem";
import { validated } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { findCampaignBySlug, forgetCampaign } from "../queries/campaigns";
import { audit, changedFields, listOrganizerCampaigns } from "../queries/organizers";

/** Campaigns as their organizers see and change them, under `/api/admin/campaigns`. */
export const adminCampaigns = new Hono<AppEnv>();

adminCampaigns.use(requireOrganizer);
adminCampaigns.use("/:slug", memberCampaign);
adminCampaigns.use("/:slug/*", memberCampaign);

/** Everything an organizer may see of a campaign. */
export function campaignView(campaign: Campaign) {
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
    version: campaign.version,
    count: campaign.signatureCount,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

adminCampaigns.get("/", async (c) => {
  const rows = await listOrganizerCampaigns(c.var.db, c.var.organizer.id);
  return c.json({ items: rows.map(({ campaign, notifications }) => ({ ...campaignView(campaign), notifications })) });
});

const slugTaken = () =>
  new Problem(409, {
    title: "That slug is taken",
    type: "slug-taken",
    errors: [{ field: "slug", pointer: "/slug", code: "taken", message: "another campaign uses this slug" }],
  });

adminCampaigns.post("/", validated("json", CampaignCreate), async (c) => {
  const input = c.req.valid("json");
  const db = c.var.db;
  if (await findCampaignBySlug(db, input.slug)) throw slugTaken();
  const values = { ...input, closesAt: input.closesAt ? new Date(input.closesAt) : null };
  const [[created]] = await db.batch([
    db.insert(campaigns).values(values).returning(),
    db
      .insert(campaignMemberships)
      .values({ organizerId: c.var.organizer.id, campaignId: sql`(SELECT id FROM campaigns WHERE slug = ${input.slug})` }),
  ]);
  await audit(db, {
    organizerId: c.var.organizer.id,
    campaignId: created.id,
    entity: "campaign",
    entityId: created.slug,
    action: "create",
    after: campaignView(created),
  }).run();
  return c.json(campaignView(created), 201);
});

adminCampaigns.get("/:slug", (c) => c.json(campaignView(c.var.campaign)));

/** The parts of the letter a signature agrees to: changing any of them makes a new version. */
const letterText = (campaign: Pick<Campaign, "title" | "body" | "salutation" | "translations">) =>
  JSON.stringify([
    campaign.title,
    campaign.body,
    campaign.salutation,
    Object.fromEntries(Object.entries(campaign.translations).map(([lang, t]) => [lang, [t?.title, t?.body, t?.salutation]])),
  ]);

adminCampaigns.patch("/:slug", validated("json", CampaignPatch), async (c) => {
  const campaign = c.var.campaign;
  const input = c.req.valid("json");
  const db = c.var.db;
  const update: Partial<Campaign> = { ...input, closesAt: input.closesAt === undefined ? undefined : input.closesAt ? new Date(input.closesAt) : null };
  const changes = changedFields(campaignView(campaign) as Record<string, unknown>, { ...input });
  if (!changes) return c.json(campaignView(campaign));
  const textChanged = letterText(campaign) !== letterText({ ...campaign, ...update } as Campaign);
  const signed = textChanged
    ? await db.select({ id: signatures.id }).from(signatures).where(eq(signatures.campaignId, campaign.id)).limit(1).get()
    : undefined;
  const version = signed ? campaign.version + 1 : campaign.version;
  const [[updated]] = await db.batch([
    db
      .update(campaigns)
      .set({ ...update, version, updatedAt: new Date() })
      .where(eq(campaigns.id, campaign.id))
      .returning(),
    audit(db, {
      organizerId: c.var.organizer.id,
      campaignId: campaign.id,
      entity: "campaign",
      entityId: campaign.slug,
      action: "update",
      before: { ...changes.before, ...(signed ? { version: campaign.version } : {}) },
      after: { ...changes.after, ...(signed ? { version } : {}) },
    }),
  ]);
  forgetCampaign(campaign.slug);
  return c.json(campaignView(updated));
});

adminCampaigns.put("/:slug/notifications", validated("json", NotificationsBody), async (c) => {
  const { notifications } = c.req.valid("json");
  await c.var.db
    .update(campaignMemberships)
    .set({ notifications })
    .where(and(eq(campaignMemberships.organizerId, c.var.organizer.id), eq(campaignMemberships.campaignId, c.var.campaign.id)))
    .run();
  return c.json({ notifications });
});

const UNDELIVERED: OutboxStatus[] = ["failed", "bounced", "complained"];

/** Counts at a glance: by status, per day and by country for the published list. */
adminCampaigns.get("/:slug/dashboard", async (c) => {
  const db = c.var.db;
  const id = c.var.campaign.id;
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
  return c.json({
    count: c.var.campaign.signatureCount,
    version: c.var.campaign.version,
    byStatus: { pending: 0, verified: 0, held: 0, published: 0, rejected: 0, withdrawn: 0, ...statuses },
    perDay,
    byCountry,
    failedEmails: failedEmails[0]?.count ?? 0,
  });
});

/** Emails to this campaign's signers that the outbox gave up on, or that bounced or were marked as spam, newest first. */
adminCampaigns.get("/:slug/emails", async (c) => {
  const rows = await c.var.db
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
    .where(and(eq(signatures.campaignId, c.var.campaign.id), inArray(outbox.status, UNDELIVERED)))
    .orderBy(desc(outbox.createdAt))
    .limit(200)
    .all();
  return c.json({ items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) });
});

adminCampaigns.get("/:slug/audit", async (c) => {
  const rows = await c.var.db
    .select({ entry: auditLog, email: organizers.email })
    .from(auditLog)
    .leftJoin(organizers, eq(organizers.id, auditLog.organizerId))
    .where(eq(auditLog.campaignId, c.var.campaign.id))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(200)
    .all();
  return c.json({
    items: rows.map(({ entry, email }) => ({
      id: entry.id,
      organizerId: entry.organizerId,
      /** Who: the organizer's address, or null for the cron (deadlines). */
      organizer: email,
      entity: entry.entity,
      entityId: entry.entityId,
      action: entry.action,
      before: entry.before,
      after: entry.after,
      createdAt: entry.createdAt.toISOString(),
    })),
  });
});
