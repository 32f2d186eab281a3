import { and, desc, eq, gt, isNull, notExists, or } from "drizzle-orm";
import { campaigns, outbox, signatures, tokens, type Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { outboxEntry, queueEmail, type Deliverable } from "../email/outbox";
import { renderEmail } from "../email/render";
import { insertWhere } from "../lib/insert-where";
import { organizationKey, searchText, sortKey } from "../lib/names";
import { campaignClosed } from "../lib/problem";
import { newId } from "../lib/tokens";
import { campaignById, isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { blockingEntry } from "../queries/blocklist";
import { signerSignature } from "../queries/signatures";
import type { SignOn } from "../schemas";
import { newSignerLink, signerLinkEntry } from "./signer-links";

export interface SignOnContext {
  /** Origin of the deployment, for the links in emails. */
  baseUrl: string;
  /** `widget:<partner origin>` or `api`. */
  source: string;
}

const blankToNull = (value: string | undefined) => (value ? value : null);

function normalizeWebsite(website: string | undefined) {
  if (!website) return null;
  return /^https?:\/\//i.test(website) ? website : `https://${website}`;
}

/** The stored form of a sign-on: what was typed, plus the folded keys that order and match it. */
function signatureFields(input: SignOn) {
  const name = (input.kind === "organization" ? input.organization : input.name)!;
  const members = input.members ?? [];
  return {
    kind: input.kind,
    name,
    affiliation: input.kind === "individual" ? blankToNull(input.affiliation) : null,
    city: blankToNull(input.city),
    region: blankToNull(input.region),
    country: blankToNull(input.country),
    website: normalizeWebsite(input.website),
    members,
    sortKey: sortKey(name),
    organizationKey: organizationKey(name),
    searchText: searchText([name, input.affiliation, input.city, input.region, ...members]),
    contactName: input.contactName,
    contactTitle: blankToNull(input.contactTitle),
    email: input.email,
    emailDomain: input.email.split("@")[1] ?? null,
    locale: input.locale,
  };
}

/** A pending signer gets at most one fresh link a minute: double submits and mailbox flooding alike. */
export const FRESH_LINK_INTERVAL_MS = 60_000;

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
  contactName: fields.contactName,
  organization: fields.name,
  title: titleIn(campaign, fields.locale),
});

/**
 * The usual sign-on, a new signer, in one batch and no read before it: the signature is written
 * only if the campaign is still open and the address not blocked, and only if it was are its link
 * and email. Returns the email, or undefined when the database wrote nothing (this signer already
 * has an entry, the address is blocked, or the campaign closed since it was read).
 */
async function recordNewSigner(db: Database, campaign: Campaign, fields: SignatureFields, context: SignOnContext) {
  const signatureId = newId();
  const { token, row: link } = await signerLinkEntry("verify", signatureId);
  const email = outboxEntry({
    recipient: fields.email,
    template: "verify",
    locale: fields.locale,
    signatureId,
    ...renderEmail("verify", fields.locale, { ...mailVarsOf(campaign, fields), link: `${context.baseUrl}/verify/${token}` }),
  });
  const stillOpenAndNotBlocked = and(
    eq(campaigns.id, campaign.id),
    eq(campaigns.status, "open"),
    or(isNull(campaigns.closesAt), gt(campaigns.closesAt, new Date())),
    notExists(blockingEntry(db, campaign.id, fields.email)),
  );
  const signatureWritten = eq(signatures.id, signatureId);
  const [signature] = await db.batch([
    insertWhere(
      db,
      signatures,
      { ...fields, id: signatureId, campaignId: campaign.id, status: "pending", letterVersion: campaigns.version, source: context.source },
      campaigns,
      stillOpenAndNotBlocked,
    ).onConflictDoNothing(),
    insertWhere(db, tokens, link, signatures, signatureWritten),
    insertWhere(db, outbox, email.row, signatures, signatureWritten),
  ]);
  return signature.meta.changes ? [email.email] : undefined;
}

/**
 * Records a sign-on and queues the email that decides what happens next, in one batch. The
 * answer to the signer never differs: a new signer, a repeat while pending (fresh link) and an
 * already confirmed signer (an "already signed" note to the mailbox) all look the same from
 * outside. The same form sent several times at once ends as one entry: the first insert wins the
 * signer's unique index, the others are refused and answered as repeats of it. Returns the queued
 * emails (fresh ids), to send after the response with `deliverFresh`.
 */
export async function signOn(db: Database, campaign: Campaign, input: SignOn, context: SignOnContext): Promise<Deliverable[]> {
  const fields = signatureFields(input);
  const fresh = await recordNewSigner(db, campaign, fields, context);
  if (fresh) return fresh;

  // Refused: read what decides it, the campaign as it is now included (it may have been remembered).
  const [[current], blocked, [existing]] = await db.batch([
    campaignById(db, campaign.id),
    blockingEntry(db, campaign.id, fields.email),
    signerSignature(db, campaign.id, fields.email, fields.organizationKey),
  ]);
  if (!current || !isAcceptingSignatures(current)) throw campaignClosed();
  // Organizers blocked this address or domain: the same answer, and nothing is kept or mailed.
  if (blocked.length) return [];
  // Refused for an entry that is gone since (purged or deleted): a new signer after all.
  if (!existing) return (await recordNewSigner(db, current, fields, context)) ?? [];
  const mailVars = mailVarsOf(current, fields);

  // Pending, withdrawn and bot-flagged entries are taken over by a real sign-on.
  const reusable = ["pending", "withdrawn"].includes(existing.status) || existing.rejectedReason === "bot";
  if (!reusable) {
    const note = queueEmail(db, {
      recipient: fields.email,
      template: "already-signed",
      locale: fields.locale,
      signatureId: existing.id,
      ...renderEmail("already-signed", fields.locale, mailVars),
    });
    await note.query.run();
    return [note.email];
  }

  const signatureId = existing.id;
  const write = db
    .update(signatures)
    .set({ ...fields, status: "pending", rejectedReason: null, letterVersion: current.version, source: context.source, updatedAt: new Date() })
    .where(eq(signatures.id, existing.id));

  // A repeat within the minute keeps the latest details but mails no new link.
  const latest = existing.status === "pending" && (await latestVerifyToken(db, existing.id));
  if (latest && Date.now() - latest.createdAt.getTime() < FRESH_LINK_INTERVAL_MS) {
    await write.run();
    return [];
  }

  const { token, query: tokenInsert } = await newSignerLink(db, "verify", signatureId);
  const email = queueEmail(db, {
    recipient: fields.email,
    template: "verify",
    locale: fields.locale,
    signatureId,
    ...renderEmail("verify", fields.locale, { ...mailVars, link: `${context.baseUrl}/verify/${token}` }),
  });
  await db.batch([write, tokenInsert, email.query]);
  return [email.email];
}

/**
 * Keeps a sign-on that looked like a bot as a rejected signature, for campaigns that want to see
 * them: no email, never counted or listed. A real signer behind it can still sign normally.
 */
export async function flagBotSignOn(db: Database, campaign: Campaign, input: SignOn, source: string) {
  await db
    .insert(signatures)
    .values({
      ...signatureFields(input),
      id: newId(),
      campaignId: campaign.id,
      status: "rejected",
      rejectedReason: "bot",
      letterVersion: campaign.version,
      source,
    })
    .onConflictDoNothing()
    .run();
}
