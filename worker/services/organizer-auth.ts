import { and, count, eq, gt, isNull, lt } from "drizzle-orm";
import { apiTokens, loginLinks, organizers, sessions, type Organizer } from "../../schema/tables";
import type { Database } from "../env";
import { queueEmail } from "../email/outbox";
import { renderOrganizerEmail } from "../email/organizer";
import { hashToken, newToken, TOKEN_FORMAT } from "../lib/tokens";

/** A sign-in link works for 15 minutes, once. */
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;
/** A console session lasts a working day; then the organizer asks for a new link. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findOrganizerByEmail(db: Database, email: string) {
  return db.select().from(organizers).where(eq(organizers.email, normalizeEmail(email))).get();
}

/**
 * Sign-in emails one organizer receives in an hour, whoever asks for them; past that, requests
 * are answered as usual and mail nothing. The request limit is per address and client, so that
 * nobody can lock an organizer out: this keeps many clients together from flooding the mailbox.
 */
export const SIGN_IN_EMAILS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Queues a sign-in link for `email` if it belongs to an organizer who has not had the hour's
 * share. The caller answers the same either way, so that the form does not tell who organizes.
 * Returns the queued email's id.
 */
export async function requestLoginLink(db: Database, email: string, baseUrl: string): Promise<string | null> {
  const organizer = await findOrganizerByEmail(db, email);
  if (!organizer) return null;
  const [{ recent }] = await db
    .select({ recent: count() })
    .from(loginLinks)
    .where(and(eq(loginLinks.organizerId, organizer.id), gt(loginLinks.createdAt, new Date(Date.now() - HOUR_MS))));
  if (recent >= SIGN_IN_EMAILS_PER_HOUR) return null;
  const token = newToken();
  const mail = queueEmail(db, {
    recipient: organizer.email,
    template: "login",
    locale: "en",
    ...renderOrganizerEmail("login", { link: `${baseUrl}/admin/login/${token}` }),
  });
  await db.batch([
    db.insert(loginLinks).values({ hash: await hashToken(token), organizerId: organizer.id, expiresAt: new Date(Date.now() + LOGIN_LINK_TTL_MS) }),
    mail.query,
  ]);
  return mail.id;
}

export type LoginLinkState = { state: "invalid" | "expired" | "used" } | { state: "valid"; linkId: number; organizerId: number };

export async function inspectLoginLink(db: Database, token: string, now = new Date()): Promise<LoginLinkState> {
  if (!TOKEN_FORMAT.test(token)) return { state: "invalid" };
  const link = await db.select().from(loginLinks).where(eq(loginLinks.hash, await hashToken(token))).get();
  if (!link) return { state: "invalid" };
  if (link.usedAt) return { state: "used" };
  if (link.expiresAt <= now) return { state: "expired" };
  return { state: "valid", linkId: link.id, organizerId: link.organizerId };
}

/**
 * Spends a sign-in link and opens a session, in one batch. The guard on `used_at` makes a second,
 * concurrent use of the same link open nothing. Returns the session secret for the cookie.
 */
export async function openSession(db: Database, link: Extract<LoginLinkState, { state: "valid" }>, now = new Date()) {
  const secret = newToken();
  const [spent] = await db.batch([
    db
      .update(loginLinks)
      .set({ usedAt: now })
      .where(and(eq(loginLinks.id, link.linkId), isNull(loginLinks.usedAt)))
      .returning({ id: loginLinks.id }),
  ]);
  if (!spent.length) return null;
  await db
    .insert(sessions)
    .values({ hash: await hashToken(secret), organizerId: link.organizerId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
    .run();
  return secret;
}

export async function closeSession(db: Database, secret: string) {
  await db.delete(sessions).where(eq(sessions.hash, await hashToken(secret))).run();
}

export async function organizerForSession(db: Database, secret: string, now = new Date()): Promise<Organizer | undefined> {
  if (!TOKEN_FORMAT.test(secret)) return undefined;
  const row = await db
    .select({ organizer: organizers })
    .from(sessions)
    .innerJoin(organizers, eq(organizers.id, sessions.organizerId))
    .where(and(eq(sessions.hash, await hashToken(secret)), gt(sessions.expiresAt, now)))
    .get();
  return row?.organizer;
}

export async function organizerForApiToken(db: Database, token: string): Promise<{ organizer: Organizer; tokenId: number } | undefined> {
  if (!TOKEN_FORMAT.test(token)) return undefined;
  const row = await db
    .select({ organizer: organizers, tokenId: apiTokens.id })
    .from(apiTokens)
    .innerJoin(organizers, eq(organizers.id, apiTokens.organizerId))
    .where(and(eq(apiTokens.hash, await hashToken(token)), isNull(apiTokens.revokedAt)))
    .get();
  return row ?? undefined;
}

/** A new API token: the secret is shown once, only its hash is kept. */
export async function createApiToken(db: Database, organizerId: number, label: string) {
  const token = newToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ hash: await hashToken(token), organizerId, label })
    .returning({ id: apiTokens.id, label: apiTokens.label, createdAt: apiTokens.createdAt });
  return { ...row, token };
}

/** Cron: forgets expired sessions and sign-in links older than a day; neither can sign anyone in. */
export async function purgeSignInState(db: Database, now: Date) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  await db.batch([db.delete(sessions).where(lt(sessions.expiresAt, now)), db.delete(loginLinks).where(lt(loginLinks.createdAt, dayAgo))]);
}
