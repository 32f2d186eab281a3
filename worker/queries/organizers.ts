import { and, asc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import { apiTokens, auditLog, campaignMemberships, campaigns, type AuditEntity } from "../../schema/tables";
import type { Database } from "../env";

export function findMembership(db: Database, organizerId: number, campaignId: number) {
  return db
    .select()
    .from(campaignMemberships)
    .where(and(eq(campaignMemberships.organizerId, organizerId), eq(campaignMemberships.campaignId, campaignId)))
    .get();
}

/** The campaigns an organizer belongs to, with that organizer's notification preference and role. */
export function listOrganizerCampaigns(db: Database, organizerId: number) {
  return db
    .select({ campaign: campaigns, notifications: campaignMemberships.notifications, role: campaignMemberships.role })
    .from(campaignMemberships)
    .innerJoin(campaigns, eq(campaigns.id, campaignMemberships.campaignId))
    .where(eq(campaignMemberships.organizerId, organizerId))
    .orderBy(asc(campaigns.slug))
    .all();
}

/** Records a token's last use at most once a minute: scripts calling in a loop cost no write each. */
export function touchApiToken(db: Database, tokenId: number, now = new Date()) {
  return db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000)))))
    .run();
}

export interface AuditRecord {
  /** Null: the signer, through the link mailed to them. */
  organizerId: number | null;
  /** A campaign's id, or a subquery for one created in the same batch. */
  campaignId: number | SQL;
  entity: AuditEntity;
  entityId: string;
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The insert of one audit entry, to run in the same batch as the change it records. */
export function audit(db: Database, record: AuditRecord) {
  return db.insert(auditLog).values({ ...record, before: record.before ?? null, after: record.after ?? null });
}

/** The fields of `after` that differ from `before`, as a before/after pair for the audit log. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    was[key] = before[key] instanceof Date ? (before[key] as Date).toISOString() : before[key];
    now[key] = after[key] instanceof Date ? (after[key] as Date).toISOString() : after[key];
  }
  return Object.keys(now).length ? { before: was, after: now } : null;
}
