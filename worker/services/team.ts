import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { InvitationCreateRequest, OrganizerRole } from "../../contract";
import { invitations, type Invitation } from "../../schema/team";
import { auditLog, campaignMemberships, campaigns, organizers, sessions, type Campaign, type Organizer } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { renderOrganizerEmail } from "../email/organizer";
import { insertWhere } from "../lib/insert-where";
import { notFound, Problem } from "../lib/problem";
import { hashToken, newToken, TOKEN_FORMAT } from "../lib/tokens";
import { audit } from "../queries/organizers";
import { SESSION_TTL_MS } from "./organizer-auth";

/**
 * A campaign's team: members and their roles, and the invitations its owners send. An invitation
 * follows the rules of a sign-in link (random, stored hashed, single use, opened by a page whose
 * button accepts), for a week. A campaign always keeps an owner.
 */

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const lastOwner = () =>
  new Problem(409, {
    title: "A campaign keeps at least one owner",
    detail: "Make another member an owner first.",
    type: "last-owner",
  });

export async function listMembers(db: Database, campaignId: number) {
  const rows = await db
    .select({ organizerId: organizers.id, email: organizers.email, name: organizers.name, role: campaignMemberships.role, joinedAt: campaignMemberships.createdAt })
    .from(campaignMemberships)
    .innerJoin(organizers, eq(organizers.id, campaignMemberships.organizerId))
    .where(eq(campaignMemberships.campaignId, campaignId))
    .orderBy(asc(organizers.email))
    .all();
  return rows.map((row) => ({ ...row, joinedAt: row.joinedAt.toISOString() }));
}

/** Invitations neither accepted nor expired, newest first. */
export async function listInvitations(db: Database, campaignId: number, now = new Date()) {
  const rows = await db
    .select({ invitation: invitations, invitedBy: organizers.email })
    .from(invitations)
    .leftJoin(organizers, eq(organizers.id, invitations.invitedBy))
    .where(and(eq(invitations.campaignId, campaignId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt))
    .all();
  return rows.map(({ invitation, invitedBy }) => invitationView(invitation, invitedBy));
}

const invitationView = (invitation: Invitation, invitedBy: string | null) => ({
  id: invitation.id,
  email: invitation.email,
  role: invitation.role,
  invitedBy,
  createdAt: invitation.createdAt.toISOString(),
  expiresAt: invitation.expiresAt.toISOString(),
});

const findMemberByEmail = (db: Database, campaignId: number, email: string) =>
  db
    .select({ id: campaignMemberships.id })
    .from(campaignMemberships)
    .innerJoin(organizers, eq(organizers.id, campaignMemberships.organizerId))
    .where(and(eq(campaignMemberships.campaignId, campaignId), eq(organizers.email, email)))
    .get();

/**
 * Emails an invitation to join the campaign with a role, in the console's language (English). An
 * earlier invitation of the same address to the same campaign stops working. Returns the
 * invitation and the queued email's id.
 */
export async function invite(db: Database, inviter: Organizer, campaign: Campaign, input: InvitationCreateRequest, baseUrl: string) {
  if (await findMemberByEmail(db, campaign.id, input.email)) {
    throw new Problem(409, {
      title: "Already a member of this campaign",
      detail: "Change their role instead.",
      type: "conflict",
      errors: [{ field: "email", pointer: "/email", code: "taken", message: "is already a member of this campaign" }],
    });
  }
  const token = newToken();
  const now = new Date();
  const mail = queueEmail(db, {
    recipient: input.email,
    template: "invitation",
    locale: "en",
    ...renderOrganizerEmail("invitation", { campaign: campaign.title, role: input.role, inviter: inviter.name ?? inviter.email, link: `${baseUrl}/admin/invitations/${token}` }),
  });
  const [, [created]] = await db.batch([
    db.delete(invitations).where(and(eq(invitations.campaignId, campaign.id), eq(invitations.email, input.email), isNull(invitations.acceptedAt))),
    db
      .insert(invitations)
      .values({ campaignId: campaign.id, email: input.email, role: input.role, hash: await hashToken(token), invitedBy: inviter.id, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) })
      .returning(),
    mail.query,
    audit(db, { organizerId: inviter.id, campaignId: campaign.id, entity: "membership", entityId: input.email, action: "invite", after: { email: input.email, role: input.role } }),
  ]);
  return { invitation: invitationView(created, inviter.email), emailId: mail.id };
}

/** Takes back an invitation not yet accepted: its link stops working. */
export async function revokeInvitation(db: Database, organizerId: number, campaign: Campaign, id: number) {
  const invitation = await db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.campaignId, campaign.id), isNull(invitations.acceptedAt)))
    .get();
  if (!invitation) throw notFound("Invitation");
  await db.batch([
    db.delete(invitations).where(eq(invitations.id, invitation.id)),
    audit(db, {
      organizerId,
      campaignId: campaign.id,
      entity: "membership",
      entityId: invitation.email,
      action: "revoke-invitation",
      before: { email: invitation.email, role: invitation.role },
    }),
  ]);
}

async function findMember(db: Database, campaignId: number, organizerId: number) {
  const member = await db
    .select({ membershipId: campaignMemberships.id, email: organizers.email, name: organizers.name, role: campaignMemberships.role, joinedAt: campaignMemberships.createdAt })
    .from(campaignMemberships)
    .innerJoin(organizers, eq(organizers.id, campaignMemberships.organizerId))
    .where(and(eq(campaignMemberships.campaignId, campaignId), eq(campaignMemberships.organizerId, organizerId)))
    .get();
  if (!member) throw notFound("Member");
  return member;
}

/**
 * A membership may stop being an owner's only while the campaign has another owner. Checked by
 * the statement that changes it, so that two owners demoting each other at once leave one.
 */
const keepsAnOwner = (campaignId: number) =>
  or(
    ne(campaignMemberships.role, "owner"),
    sql`(select count(*) from ${campaignMemberships} where ${campaignMemberships.campaignId} = ${campaignId} and ${campaignMemberships.role} = 'owner') > 1`,
  );

export async function changeRole(db: Database, actorId: number, campaign: Campaign, organizerId: number, role: OrganizerRole) {
  const member = await findMember(db, campaign.id, organizerId);
  const view = { organizerId, email: member.email, name: member.name, role, joinedAt: member.joinedAt.toISOString() };
  if (member.role === role) return view;
  const [changed] = await db.batch([
    db
      .update(campaignMemberships)
      .set({ role })
      .where(and(eq(campaignMemberships.id, member.membershipId), eq(campaignMemberships.role, member.role), keepsAnOwner(campaign.id)))
      .returning({ id: campaignMemberships.id }),
    insertWhere(
      db,
      auditLog,
      { organizerId: actorId, campaignId: campaign.id, entity: "membership", entityId: member.email, action: "role", before: { email: member.email, role: member.role }, after: { email: member.email, role } },
      campaignMemberships,
      and(eq(campaignMemberships.id, member.membershipId), eq(campaignMemberships.role, role)),
    ),
  ]);
  if (!changed.length) throw member.role === "owner" ? lastOwner() : new Problem(409, { title: "Their role changed meanwhile; reload and try again", type: "conflict" });
  return view;
}

export async function removeMember(db: Database, actorId: number, campaign: Campaign, organizerId: number) {
  const member = await findMember(db, campaign.id, organizerId);
  const [removed] = await db.batch([
    db
      .delete(campaignMemberships)
      .where(and(eq(campaignMemberships.id, member.membershipId), keepsAnOwner(campaign.id)))
      .returning({ id: campaignMemberships.id }),
    insertWhere(
      db,
      auditLog,
      { organizerId: actorId, campaignId: campaign.id, entity: "membership", entityId: member.email, action: "remove", before: { email: member.email, role: member.role } },
      campaigns,
      and(eq(campaigns.id, campaign.id), sql`not exists (select 1 from ${campaignMemberships} where ${campaignMemberships.id} = ${member.membershipId})`),
    ),
  ]);
  if (!removed.length) throw lastOwner();
}

export type InvitationState =
  | { state: "invalid" | "expired" | "used" }
  | { state: "valid"; invitation: Invitation; campaign: Pick<Campaign, "slug" | "title"> };

/** What an invitation link leads to, without spending it. */
export async function inspectInvitation(db: Database, token: string, now = new Date()): Promise<InvitationState> {
  if (!TOKEN_FORMAT.test(token)) return { state: "invalid" };
  const found = await db
    .select({ invitation: invitations, slug: campaigns.slug, title: campaigns.title })
    .from(invitations)
    .innerJoin(campaigns, eq(campaigns.id, invitations.campaignId))
    .where(eq(invitations.hash, await hashToken(token)))
    .get();
  if (!found) return { state: "invalid" };
  if (found.invitation.acceptedAt) return { state: "used" };
  if (found.invitation.expiresAt <= now) return { state: "expired" };
  return { state: "valid", invitation: found.invitation, campaign: { slug: found.slug, title: found.title } };
}

/**
 * Accepts an invitation: the organizer (created if new), the membership, a session and the audit
 * entry, in one batch. Each insert is guarded by the invitation this batch spent, so that a second
 * use of the link, or one after its week, writes nothing. Returns the session secret for the
 * cookie, or null when the link was spent meanwhile.
 */
export async function acceptInvitation(db: Database, invitation: Invitation, now = new Date()) {
  const secret = newToken();
  const spentNow = and(eq(invitations.id, invitation.id), eq(invitations.acceptedAt, now));
  const organizerId = sql`(select ${organizers.id} from ${organizers} where ${organizers.email} = ${invitation.email})`;
  const [spent] = await db.batch([
    db
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id }),
    insertWhere(db, organizers, { email: invitation.email }, invitations, spentNow).onConflictDoNothing(),
    // Someone who joined meanwhile keeps the role they have.
    insertWhere(db, campaignMemberships, { organizerId, campaignId: invitation.campaignId, role: invitation.role }, invitations, spentNow).onConflictDoNothing(),
    insertWhere(db, sessions, { hash: await hashToken(secret), organizerId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) }, invitations, spentNow),
    insertWhere(
      db,
      auditLog,
      { organizerId, campaignId: invitation.campaignId, entity: "membership", entityId: invitation.email, action: "accept", after: { email: invitation.email, role: invitation.role } },
      invitations,
      spentNow,
    ),
  ]);
  return spent.length ? secret : null;
}

/** Cron: forgets invitations a week after they expired; the audit log keeps who invited whom. */
export async function purgeInvitations(db: Database, now: Date) {
  await db.delete(invitations).where(lt(invitations.expiresAt, new Date(now.getTime() - INVITATION_TTL_MS))).run();
}
