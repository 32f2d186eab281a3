import { and, asc, count, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Locale, UpdateCreateRequest, UpdatePreview } from "../../contract";
import { updates, type Update } from "../../schema/delivery";
import { outbox, signatures, tokens, type Campaign, type Signature } from "../../schema/tables";
import type { Bindings, Database } from "../env";
import { deliverNew, outboxEntry, type Deliverable } from "../email/outbox";
import { escapeHtml, htmlEmail } from "../email/render";
import { t } from "../i18n";
import { letterHtml } from "../letter/html";
import { letterContent } from "../letter/parse";
import { audit } from "../queries/organizers";
import { campaignById, letterIn, titleIn } from "../queries/campaigns";
import { afterCursor } from "../queries/signatures";
import { signerLinkEntry } from "./signer-links";

/**
 * Updates: a message from the organizers to every published signatory whose contact is still
 * kept and who did not unsubscribe, in their language. Sending is queued: the update's row
 * remembers how far it got, and each step queues one page of emails in the outbox (with each
 * recipient's unsubscribe link) and hands it to Resend in one batch request. The request that
 * writes the update takes the first steps; the cron takes the rest, within Resend's limits.
 */

/** One Resend batch request a step. */
export const UPDATE_PAGE_SIZE = 100;
/** Resend takes 5 requests a second: a step every 250 ms at most. */
const STEP_INTERVAL_MS = 250;

const recipientsOf = (campaignId: number) =>
  and(eq(signatures.campaignId, campaignId), eq(signatures.status, "published"), isNotNull(signatures.email), isNull(signatures.updatesUnsubscribedAt));

/** The language a signer reads an update in: theirs where the organizers wrote it, else the campaign's. */
const languageFor = (update: Pick<UpdateCreateRequest, "subject" | "body">, campaign: Campaign, locale: Locale): Locale =>
  update.subject[locale] && update.body[locale] ? locale : update.subject[campaign.language] && update.body[campaign.language] ? campaign.language : (Object.keys(update.body).find((lang) => update.body[lang as Locale]) as Locale);

interface UpdateEmailVars {
  organization: string;
  unsubscribeLink: string;
}

/** An update as one signer receives it: the organizers' Markdown rendered as the letter is, and the way out. */
export function renderUpdate(update: Pick<UpdateCreateRequest, "subject" | "body">, campaign: Campaign, locale: Locale, vars: UpdateEmailVars) {
  const lang = languageFor(update, campaign, locale);
  const body = update.body[lang]!;
  const footer = t(lang, "updateFooter", { organization: vars.organization, title: letterIn(campaign, lang).title, link: vars.unsubscribeLink });
  return {
    lang,
    subject: update.subject[lang]!,
    text: `${body.trim()}\n\n--\n${footer}`,
    html: htmlEmail(lang, `${letterHtml(letterContent(body))}<hr><p style="color:#5f6368;font-size:13px">${escapeHtml(footer)}</p>`),
  };
}

export async function countRecipients(db: Database, campaignId: number) {
  const rows = await db.select({ locale: signatures.locale, count: count() }).from(signatures).where(recipientsOf(campaignId)).groupBy(signatures.locale);
  const byLanguage = { en: 0, es: 0, fr: 0, ...Object.fromEntries(rows.map((row) => [row.locale, row.count])) };
  return { recipients: rows.reduce((sum, row) => sum + row.count, 0), byLanguage };
}

/** What a dry run answers: how many it would reach, and how it reads in each language it would be sent in. */
export async function previewUpdate(db: Database, campaign: Campaign, input: UpdateCreateRequest, baseUrl: string): Promise<UpdatePreview> {
  const { recipients, byLanguage } = await countRecipients(db, campaign.id);
  const languages = [...new Set((Object.keys(byLanguage) as Locale[]).filter((lang) => byLanguage[lang]).map((lang) => languageFor(input, campaign, lang)))];
  const sample = { organization: "…", unsubscribeLink: `${baseUrl}/unsubscribe/…` };
  const preview = (languages.length ? languages : [languageFor(input, campaign, campaign.language)]).map((lang) => {
    const { subject, text, html } = renderUpdate(input, campaign, lang, sample);
    return { lang, subject, text, html };
  });
  return { dryRun: true, recipients, byLanguage, preview };
}

/** Writes the update and its audit entry; sending starts with `advanceUpdates`. */
export async function createUpdate(db: Database, organizerId: number, campaign: Campaign, input: UpdateCreateRequest, baseUrl: string) {
  const { recipients } = await countRecipients(db, campaign.id);
  const [[created]] = await db.batch([
    db
      .insert(updates)
      .values({ campaignId: campaign.id, subject: input.subject, body: input.body, recipients, organizerId, baseUrl, status: recipients ? "sending" : "sent", queuedAt: recipients ? null : new Date() })
      .returning(),
    audit(db, { organizerId, campaignId: campaign.id, entity: "campaign", entityId: campaign.slug, action: "send-update", after: { subject: input.subject, recipients } }),
  ]);
  return created;
}

export const listUpdates = (db: Database, campaignId: number) =>
  db.select().from(updates).where(eq(updates.campaignId, campaignId)).orderBy(desc(updates.createdAt)).limit(100).all();

export function updateView(update: Update) {
  return {
    id: update.id,
    subject: update.subject,
    status: update.status,
    recipients: update.recipients,
    queued: update.queued,
    createdAt: update.createdAt.toISOString(),
    queuedAt: update.queuedAt?.toISOString() ?? null,
  };
}

/** The outbox rows and unsubscribe links of one page of recipients, and the update's progress, in one batch. */
async function queuePage(db: Database, update: Update, campaign: Campaign, page: Signature[]) {
  const links = await Promise.all(page.map((signature) => signerLinkEntry("unsubscribe", signature.id)));
  const entries = page.map((signature, index) => {
    const unsubscribeLink = `${update.baseUrl}/unsubscribe/${links[index].token}`;
    const rendered = renderUpdate(update, campaign, signature.locale, { organization: signature.name, unsubscribeLink });
    return outboxEntry({
      // One email per update and signer, whatever retries a step takes.
      id: `update-${update.id}-${signature.id}`,
      recipient: signature.email!,
      replyTo: campaign.replyTo,
      senderName: titleIn(campaign, rendered.lang),
      template: "update",
      locale: rendered.lang,
      signatureId: signature.id,
      listUnsubscribe: unsubscribeLink,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
    });
  });
  const last = page.at(-1)!;
  // Done at the end of the list, or once everyone counted when it was written is reached.
  const done = page.length < UPDATE_PAGE_SIZE || update.queued + page.length >= update.recipients;
  // D1 binds at most 100 values a statement: a few rows per insert.
  const chunk = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  const [advanced] = await db.batch([
    db
      .update(updates)
      .set({ cursor: { sortKey: last.sortKey, id: last.id }, queued: update.queued + page.length, ...(done ? { status: "sent" as const, queuedAt: new Date() } : {}) })
      .where(and(eq(updates.id, update.id), eq(updates.queued, update.queued)))
      .returning({ id: updates.id }),
    ...chunk(links.map((link) => link.row), 20).map((rows) => db.insert(tokens).values(rows)),
    ...chunk(entries.map((entry) => entry.row), 6).map((rows) => db.insert(outbox).values(rows).onConflictDoNothing()),
  ]);
  // Another step (the cron, a second isolate) took this page first: its emails are its own to send.
  return advanced.length ? entries.map((entry) => entry.email) : [];
}

/**
 * Takes sending updates forward, a page of recipients a step, until none is left or `maxSteps`
 * steps were taken; answers how many emails it handed over. Steps are paced to Resend's request rate.
 */
export async function advanceUpdates(env: Bindings, db: Database, maxSteps = 40): Promise<number> {
  let handed = 0;
  for (let step = 0; step < maxSteps; step++) {
    const update = await db.select().from(updates).where(eq(updates.status, "sending")).orderBy(asc(updates.id)).limit(1).get();
    if (!update) break;
    const [campaign] = await campaignById(db, update.campaignId);
    const page = await db
      .select()
      .from(signatures)
      .where(and(recipientsOf(update.campaignId), update.cursor ? afterCursor(update.cursor) : undefined))
      .orderBy(asc(signatures.sortKey), asc(signatures.id))
      .limit(UPDATE_PAGE_SIZE)
      .all();
    if (!page.length) {
      await db.update(updates).set({ status: "sent", queuedAt: new Date() }).where(eq(updates.id, update.id)).run();
      continue;
    }
    const started = Date.now();
    const emails: Deliverable[] = await queuePage(db, update, campaign, page);
    await deliverNew(env, db, emails);
    handed += emails.length;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, STEP_INTERVAL_MS - (Date.now() - started))));
  }
  return handed;
}

/** The signer asked for no more updates about this letter: later updates pass them by. */
export async function unsubscribe(db: Database, signatureId: string, tokenId: number) {
  const now = new Date();
  await db.batch([
    db.update(signatures).set({ updatesUnsubscribedAt: now }).where(and(eq(signatures.id, signatureId), isNull(signatures.updatesUnsubscribedAt))),
    db.update(tokens).set({ usedAt: now }).where(eq(tokens.id, tokenId)),
  ]);
}
