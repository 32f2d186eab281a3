import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { CoalitionContact as CoalitionContactView } from "../../contract";
import { coalitionContacts, coalitionInvitations, type CoalitionContact } from "../../schema/coalition";
import { campaigns, outbox, type Campaign, type Locale } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { htmlFromText, unlinkable } from "../email/render";
import { t } from "../i18n";
import { isFreeMail } from "../lib/authenticity";
import { csvRow, UTF8_BOM } from "../lib/csv";
import { insertWhere } from "../lib/insert-where";
import { notFound, Problem } from "../lib/problem";
import { campaignPageUrl } from "../lib/urls";
import { hashToken, newToken, TOKEN_FORMAT } from "../lib/tokens";
import { coalitionCampaigns, coalitionCandidates } from "../queries/coalition";
import { isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { audit } from "../queries/organizers";

/**
 * The coalition's memory (DESIGN.md: coalition consent): the contacts that agreed to hear about
 * its future letters, invited to a new one in one step, each able to end it with one click.
 */

/** At most this many invitations a request: the console calls again for the rest. */
export const INVITATIONS_PER_REQUEST = 200;

type Candidate = Awaited<ReturnType<typeof coalitionCandidates>>[number];

/**
 * Who may be invited to `campaignId`: consenting contacts of its coalition whose organization has
 * not signed it (its key, or its email domain unless that is a free-mail provider's), one per address.
 */
export async function coalitionList(db: Database, campaignId: number): Promise<Candidate[]> {
  const seen = new Set<string>();
  return (await coalitionCandidates(db, campaignId)).filter((row) => {
    if (row.organizationSigned || (row.domainSigned && !isFreeMail(row.contact.emailDomain))) return false;
    if (seen.has(row.contact.email)) return false;
    seen.add(row.contact.email);
    return true;
  });
}

export const coalitionView = (row: Candidate): CoalitionContactView => ({
  id: row.contact.id,
  organization: row.contact.organization,
  contactName: row.contact.contactName,
  email: row.contact.email,
  locale: row.contact.locale,
  consentedAt: row.contact.consentedAt.toISOString(),
  campaign: { slug: row.slug, title: row.title },
  invitedAt: row.invitedAt === null ? null : new Date(row.invitedAt).toISOString(),
});

/** The invitation as its contact reads it, in their language, with the letter and the way out. */
function invitationEmail(campaign: Campaign, row: Candidate, baseUrl: string, unsubscribeLink: string) {
  const locale = row.contact.locale;
  const vars = {
    // What the signer typed is shown, never linked; the links are ours.
    contactName: unlinkable(row.contact.contactName ?? ""),
    organization: unlinkable(row.contact.organization),
    previous: row.title,
    title: titleIn(campaign, locale),
    campaignUrl: campaignPageUrl(baseUrl, campaign, locale),
    link: unsubscribeLink,
  };
  const text = t(locale, "coalitionText", vars);
  return { subject: t(locale, "coalitionSubject", vars), text, html: htmlFromText(text, locale) };
}

/**
 * Invites listed contacts not yet invited to this campaign (those of `ids`, or all): one email each
 * with a one-click unsubscribe, the invitation recorded so that no address is invited twice. The
 * email is written only with the invitation that won its address, in one batch with the audit entry.
 */
export async function inviteCoalition(db: Database, organizerId: number, campaign: Campaign, ids: string[] | undefined, baseUrl: string) {
  if (!isAcceptingSignatures(campaign)) {
    throw new Problem(409, { title: "Invitations go out only while the letter takes signatures", type: "campaign-closed" });
  }
  const chosen = (await coalitionList(db, campaign.id))
    .filter((row) => row.invitedAt === null && (!ids || ids.includes(row.contact.id)))
    .slice(0, INVITATIONS_PER_REQUEST);
  if (!chosen.length) return { invited: 0, emailIds: [] };
  const writes = await Promise.all(
    chosen.map(async (row) => {
      const token = newToken();
      const hash = await hashToken(token);
      const unsubscribeLink = `${baseUrl}/coalition/unsubscribe/${token}`;
      const email = queueEmail(db, {
        id: `coalition-${campaign.id}-${row.contact.id}`,
        recipient: row.contact.email,
        replyTo: campaign.replyTo,
        template: "coalition-invitation",
        locale: row.contact.locale,
        listUnsubscribe: unsubscribeLink,
        ...invitationEmail(campaign, row, baseUrl, unsubscribeLink),
      });
      return {
        id: email.id,
        queries: [
          db
            .insert(coalitionInvitations)
            .values({ campaignId: campaign.id, contactId: row.contact.id, hash, locale: row.contact.locale, outboxId: email.id, invitedBy: organizerId })
            .onConflictDoNothing(),
          insertWhere(db, outbox, email.row, coalitionInvitations, eq(coalitionInvitations.hash, hash)),
        ],
      };
    }),
  );
  await db.batch([
    audit(db, { organizerId, campaignId: campaign.id, entity: "campaign", entityId: campaign.slug, action: "coalition-invite", after: { invited: chosen.length } }),
    ...writes.flatMap((write) => write.queries),
  ]);
  return { invited: chosen.length, emailIds: writes.map((write) => write.id) };
}

/** The consents this campaign gathered, oldest first. */
export const consentsOf = (db: Database, campaignId: number) =>
  db.select().from(coalitionContacts).where(eq(coalitionContacts.campaignId, campaignId)).orderBy(coalitionContacts.consentedAt).all();

// Named as the signatures export names its columns.
const EXPORT_COLUMNS = ["organization", "contact_name", "email", "locale", "consented_at"] as const;

export function consentsCsv(contacts: CoalitionContact[]) {
  return (
    UTF8_BOM +
    csvRow([...EXPORT_COLUMNS]) +
    contacts.map((contact) => csvRow([contact.organization, contact.contactName, contact.email, contact.locale, contact.consentedAt.toISOString()])).join("")
  );
}

export const consentsJson = (contacts: CoalitionContact[]) =>
  contacts.map((contact) => ({
    id: contact.id,
    organization: contact.organization,
    contactName: contact.contactName,
    email: contact.email,
    locale: contact.locale,
    consentedAt: contact.consentedAt.toISOString(),
  }));

/** The invitation emails sent to the contacts `which` picks, erased with them: the address is in each. */
const eraseInvitationEmails = (db: Database, which: SQL | undefined) =>
  db
    .update(outbox)
    .set({ recipient: "(erased)", subject: "(erased)", text: "", html: "", listUnsubscribe: null })
    .where(
      inArray(
        outbox.id,
        db
          .select({ id: coalitionInvitations.outboxId })
          .from(coalitionInvitations)
          .innerJoin(coalitionContacts, eq(coalitionContacts.id, coalitionInvitations.contactId))
          .where(which),
      ),
    );

/** An owner deletes one consent this campaign gathered, with the contact kept for it. The audit keeps no address. */
export async function deleteConsent(db: Database, organizerId: number, campaign: Campaign, id: string) {
  const contact = await db
    .select()
    .from(coalitionContacts)
    .where(and(eq(coalitionContacts.id, id), eq(coalitionContacts.campaignId, campaign.id)))
    .get();
  if (!contact) throw notFound("Coalition contact");
  await db.batch([
    eraseInvitationEmails(db, eq(coalitionContacts.id, id)),
    db.delete(coalitionContacts).where(eq(coalitionContacts.id, id)),
    audit(db, { organizerId, campaignId: campaign.id, entity: "coalition-contact", entityId: id, action: "delete", before: { organization: contact.organization } }),
  ]);
}

export type CoalitionLinkState =
  | { state: "invalid" }
  | { state: "ended"; locale: Locale; campaign: Campaign }
  | { state: "valid"; locale: Locale; campaign: Campaign; contact: CoalitionContact; invitationId: number };

/** Reads what an invitation's unsubscribe link points to. Changes nothing: mail scanners open links too. */
export async function inspectCoalitionLink(db: Database, token: string): Promise<CoalitionLinkState> {
  if (!TOKEN_FORMAT.test(token)) return { state: "invalid" };
  const row = await db
    .select({ invitation: coalitionInvitations, campaign: campaigns, contact: coalitionContacts })
    .from(coalitionInvitations)
    .innerJoin(campaigns, eq(campaigns.id, coalitionInvitations.campaignId))
    .leftJoin(coalitionContacts, eq(coalitionContacts.id, coalitionInvitations.contactId))
    .where(eq(coalitionInvitations.hash, await hashToken(token)))
    .get();
  if (!row) return { state: "invalid" };
  const { invitation, campaign, contact } = row;
  if (!contact) return { state: "ended", locale: invitation.locale, campaign };
  return { state: "valid", locale: invitation.locale, campaign, contact, invitationId: invitation.id };
}

/**
 * Ends the consent the invitation relied on: every consent of its address in the coalition of the
 * campaign that invited, with the contact kept for it and the invitations' emails, so that the
 * address is on no later list. Audited as the contact's own act.
 */
export async function endConsent(db: Database, found: Extract<CoalitionLinkState, { state: "valid" }>) {
  const inCoalition = or(eq(coalitionContacts.campaignId, found.campaign.id), inArray(coalitionContacts.campaignId, coalitionCampaigns(db, found.campaign.id)));
  const ending = and(eq(coalitionContacts.email, found.contact.email), inCoalition);
  await db.batch([
    eraseInvitationEmails(db, ending),
    db.delete(coalitionContacts).where(ending),
    audit(db, {
      organizerId: null,
      campaignId: found.campaign.id,
      entity: "coalition-contact",
      entityId: found.contact.id,
      action: "unsubscribe",
      before: { organization: found.contact.organization },
    }),
  ]);
}
