import { and, desc, eq, gt, isNull, lt, notExists, or, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { campaigns, outbox, signatures, tokens, type Campaign, type SignOnDetails } from "../../schema/tables";
import type { Database } from "../env";
import { outboxEntry, queueEmail, type Deliverable, type QueuedEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { insertWhere } from "../lib/insert-where";
import { bindBuilt, builtOnce, placeholdersFor } from "../lib/prepared";
import { campaignClosed } from "../lib/problem";
import { campaignPageUrl } from "../lib/urls";
import { newId } from "../lib/tokens";
import { campaignById, isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { blockableNames, blockingEntry } from "../queries/blocklist";
import { signOnEmailsSince } from "../queries/outbox";
import { signerSignature } from "../queries/signatures";
import type { SignOn } from "../../contract";
import { canMove, emailDomainOf, fieldsOfSignOn } from "../lib/signature-model";
import { newSignerLink, signerLinkEntry } from "./signer-links";

export interface SignOnContext {
  /** Origin of the deployment, for the links in emails. */
  baseUrl: string;
  /** `widget:<partner origin>` or `api`. */
  source: string;
}

const blankToNull = (value: string | undefined) => (value ? value : null);

/** What one sign-on sent, as typed: its link carries this, and publishes nothing else. */
function signOnDetails(input: SignOn, source: string): SignOnDetails {
  return {
    kind: input.kind,
    name: (input.kind === "organization" ? input.organization : input.name)!,
    affiliation: input.kind === "individual" ? blankToNull(input.affiliation) : null,
    city: blankToNull(input.city),
    region: blankToNull(input.region),
    country: blankToNull(input.country),
    website: blankToNull(input.website),
    members: input.members ?? [],
    contactName: input.contactName,
    contactTitle: blankToNull(input.contactTitle),
    locale: input.locale,
    source,
    partner: input.partner ?? null,
    coalitionConsent: input.coalitionConsent === true,
    unnamed: input.unnamed === true,
  };
}

/** The stored form of a sign-on: what was typed, the folded keys that order and match it, the address. */
const signatureFields = (details: SignOnDetails, email: string) => ({ ...fieldsOfSignOn(details), email, emailDomain: emailDomainOf(email) });

export interface SignOnOutcome {
  emails: Deliverable[];
  /**
   * Set when this sign-on repeats one whose link left less than a minute ago: nothing new leaves,
   * and that link (like every earlier one) still works.
   */
  lastLinkAt?: Date;
}

/** A pending signer gets at most one fresh link a minute: double submits and mailbox flooding alike. */
export const FRESH_LINK_INTERVAL_MS = 60_000;

/**
 * At most this many emails from sign-ons reach one address per campaign in a day; sign-ons past it
 * are answered as usual and dropped. Anyone can type anyone's address, with a new organization
 * name each time: without a cap the coalition's address becomes a way to flood a mailbox.
 */
export const SIGN_ON_EMAILS_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
function latestVerifyToken(db: Database, signatureId: string) {
  return db
    .select({ createdAt: tokens.createdAt })
    .from(tokens)
    .where(and(eq(tokens.signatureId, signatureId), eq(tokens.purpose, "verify")))
    .orderBy(desc(tokens.createdAt))
    .get();
}

type SignatureFields = ReturnType<typeof signatureFields>;

const mailVarsOf = (campaign: Campaign, fields: SignatureFields) => ({
  contactName: fields.contactName ?? "",
  organization: fields.name,
  title: titleIn(campaign, fields.locale),
});

/** The email that carries a signer's confirmation link. */
const verifyEmail = (campaign: Campaign, fields: SignatureFields, signatureId: string, token: string, context: SignOnContext): QueuedEmail => ({
  recipient: fields.email,
  replyTo: campaign.replyTo,
  senderName: titleIn(campaign, fields.locale),
  template: "verify",
  locale: fields.locale,
  signatureId,
  ...renderEmail("verify", fields.locale, { ...mailVarsOf(campaign, fields), link: `${context.baseUrl}/verify/${token}` }),
});

/**
 * The new signer's batch, every value a placeholder, built once per isolate and number of domains
 * in the address (what a blocklist entry can name): the rows' keys never vary. The signature is
 * written only if the campaign is still open, the address not blocked and not yet mailed its
 * day's share of sign-on emails from this campaign; the link and the email only if the signature was.
 */
const newSignerQueries = builtOnce(
  (db: Database, rows: Record<"signature" | "link" | "email", object>, domainCount: number) => {
    const campaignId = sql.placeholder("signature.campaignId");
    const stillOpenAndNotBlocked = and(
      eq(campaigns.id, campaignId),
      eq(campaigns.status, "open"),
      or(isNull(campaigns.closesAt), gt(campaigns.closesAt, sql.param(sql.placeholder("now"), campaigns.closesAt))),
      notExists(
        blockingEntry(db, campaignId, {
          address: sql.placeholder("address"),
          domains: Array.from({ length: domainCount }, (_, i) => sql.placeholder(`domains.${i}`)),
        }),
      ),
    );
    const recentEmails = signOnEmailsSince(db, campaignId, sql.placeholder("address"), sql.param(sql.placeholder("since"), outbox.createdAt));
    const mayWrite = and(stillOpenAndNotBlocked, lt(sql`(${recentEmails})`, SIGN_ON_EMAILS_PER_DAY));
    const signatureWritten = eq(signatures.id, sql.placeholder("signature.id"));
    const row = <T extends SQLiteTable>(group: keyof typeof rows, table: T) => placeholdersFor(group, table, Object.keys(rows[group]));
    return [
      insertWhere(db, signatures, { ...row("signature", signatures), letterVersion: campaigns.version }, campaigns, mayWrite).onConflictDoNothing(),
      insertWhere(db, tokens, row("link", tokens), signatures, signatureWritten),
      insertWhere(db, outbox, row("email", outbox), signatures, signatureWritten),
    ].map((query) => query.toSQL());
  },
  (_rows, domainCount) => domainCount,
);

/**
 * The usual sign-on, a new signer, in one batch and no read before it. Returns the email, or
 * undefined when the database wrote nothing (this signer already has an entry, the address is
 * blocked or had its emails for the day, or the campaign closed since it was read).
 */
async function recordNewSigner(db: Database, campaign: Campaign, details: SignOnDetails, fields: SignatureFields, context: SignOnContext) {
  const signatureId = newId();
  const { token, row: link } = await signerLinkEntry("verify", signatureId, details);
  const email = outboxEntry(verifyEmail(campaign, fields, signatureId, token, context));
  const rows = {
    signature: { ...fields, id: signatureId, campaignId: campaign.id, status: "pending" },
    link,
    email: email.row,
  };
  const { address, domains } = blockableNames(fields.email);
  const statements = newSignerQueries(db, rows, domains.length);
  const now = new Date();
  const values = { ...rows, now, since: new Date(now.getTime() - DAY_MS), address, domains };
  const [signature] = await db.$client.batch(statements.map((statement) => bindBuilt(db, statement, values)));
  return signature.meta.changes ? [email.email] : undefined;
}

/**
 * Records a sign-on and queues the email that decides what happens next, in one batch. The
 * answer to the signer never differs: a new signer, a repeat while pending (fresh link) and an
 * already confirmed signer (an "already signed" note to the mailbox) all look the same from
 * outside. The same form sent several times at once ends as one entry: the first insert wins the
 * signer's unique index, the others are refused and answered as repeats of it. Returns the queued
 * emails (fresh ids), to send after the response with `deliverFresh`, and, for a repeat within the
 * minute that mails nothing, when the link still in the mailbox left.
 */
export async function signOn(db: Database, campaign: Campaign, input: SignOn, context: SignOnContext): Promise<SignOnOutcome> {
  const details = signOnDetails(input, context.source);
  const fields = signatureFields(details, input.email);
  const fresh = await recordNewSigner(db, campaign, details, fields, context);
  if (fresh) return { emails: fresh };

  // Refused: read what decides it, the campaign as it is now included (it may have been remembered).
  const [[current], blocked, [existing], [{ sent }]] = await db.batch([
    campaignById(db, campaign.id),
    blockingEntry(db, campaign.id, blockableNames(fields.email)),
    signerSignature(db, campaign.id, fields.email, fields.organizationKey),
    signOnEmailsSince(db, campaign.id, fields.email, new Date(Date.now() - DAY_MS)),
  ]);
  if (!current || !isAcceptingSignatures(current)) throw campaignClosed();
  // Organizers blocked this address or domain, or it had its emails for the day: the same answer,
  // and nothing is kept or mailed.
  if (blocked.length || sent >= SIGN_ON_EMAILS_PER_DAY) return { emails: [] };
  // Refused for an entry that is gone since (purged or deleted): a new signer after all.
  if (!existing) return { emails: (await recordNewSigner(db, current, details, fields, context)) ?? [] };

  // Pending, withdrawn and bot-flagged entries are taken over by a real sign-on.
  const reusable = canMove("signAgain", existing.status) || existing.rejectedReason === "bot";
  if (!reusable) {
    const note = queueEmail(db, {
      recipient: fields.email,
      replyTo: current.replyTo,
      senderName: titleIn(current, fields.locale),
      template: "already-signed",
      locale: fields.locale,
      signatureId: existing.id,
      ...renderEmail("already-signed", fields.locale, { ...mailVarsOf(current, fields), campaignUrl: campaignPageUrl(context.baseUrl, current, fields.locale) }),
    });
    await note.query.run();
    return { emails: [note.email] };
  }

  // A repeat within the minute mails no new link, and so changes nothing: no link would confirm it.
  const latest = existing.status === "pending" && (await latestVerifyToken(db, existing.id));
  if (latest && Date.now() - latest.createdAt.getTime() < FRESH_LINK_INTERVAL_MS) return { emails: [], lastLinkAt: latest.createdAt };

  // The new link carries these details. A pending entry keeps what it holds until a link confirms
  // (whoever knows the address and the name can sign again); a withdrawn or bot-flagged one, which
  // nobody is confirming, starts over with them.
  const { token, query: tokenInsert } = await newSignerLink(db, "verify", existing.id, details);
  const email = queueEmail(db, verifyEmail(current, fields, existing.id, token, context));
  const takeOver = db
    .update(signatures)
    .set({ ...fields, status: "pending", rejectedReason: null, letterVersion: current.version, updatedAt: new Date() })
    .where(and(eq(signatures.id, existing.id), eq(signatures.status, existing.status)));
  if (existing.status === "pending") await db.batch([tokenInsert, email.query]);
  else await db.batch([takeOver, tokenInsert, email.query]);
  return { emails: [email.email] };
}

/**
 * Keeps a sign-on that looked like a bot as a rejected signature, for campaigns that want to see
 * them: no email, never counted or listed. A real signer behind it can still sign normally.
 */
export async function flagBotSignOn(db: Database, campaign: Campaign, input: SignOn, source: string) {
  await db
    .insert(signatures)
    .values({
      ...signatureFields(signOnDetails(input, source), input.email),
      id: newId(),
      campaignId: campaign.id,
      status: "rejected",
      rejectedReason: "bot",
      letterVersion: campaign.version,
    })
    .onConflictDoNothing()
    .run();
}
