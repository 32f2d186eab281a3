import type { OrganizerRole } from "../../contract";
import { campaignMemberships, organizers, sessions, signatures, type Campaign, type Organizer, type Signature } from "../../schema/tables";
import { lookAlikeKey, organizationKey, searchText, sortKey } from "../../worker/lib/names";
import { hashToken, newId, newToken } from "../../worker/lib/tokens";
import { createApiToken } from "../../worker/services/organizer-auth";
import { call, db, postJson } from "./worker";

let sequence = 0;

export interface TestOrganizer {
  organizer: Organizer;
  token: string;
  /** Headers that authenticate as this organizer by API token. */
  auth: Record<string, string>;
}

/** An organizer of the test's own, member of the given campaigns, with a fresh API token. */
export async function seedOrganizer(...memberOf: Campaign[]): Promise<TestOrganizer> {
  const [organizer] = await db
    .insert(organizers)
    .values({ email: `organizer${++sequence}-${Date.now()}@coalition.example` })
    .returning();
  for (const campaign of memberOf) await db.insert(campaignMemberships).values({ organizerId: organizer.id, campaignId: campaign.id });
  const { token } = await createApiToken(db, organizer.id, "tests");
  return { organizer, token, auth: { Authorization: `Bearer ${token}` } };
}

/** An organizer of the test's own with `role` on the campaign. (`seedOrganizer` makes owners, as memberships from before roles became.) */
export async function seedMember(campaign: Campaign, role: OrganizerRole): Promise<TestOrganizer> {
  const member = await seedOrganizer();
  await db.insert(campaignMemberships).values({ organizerId: member.organizer.id, campaignId: campaign.id, role });
  return member;
}

/** A session cookie for the organizer, expiring at `expiresAt`. */
export async function seedSession(organizer: Organizer, expiresAt = new Date(Date.now() + 3_600_000)) {
  const secret = newToken();
  await db.insert(sessions).values({ hash: await hashToken(secret), organizerId: organizer.id, expiresAt });
  return { Cookie: `undersigned_session=${secret}` };
}

export function adminGet(path: string, headers: Record<string, string>) {
  return call(path, { headers });
}

export function adminSend(method: string, path: string, body: unknown, headers: Record<string, string>) {
  if (method === "POST") return postJson(path, body, headers);
  return call(path, { method, headers: { "Content-Type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
}

let signer = 0;
/** A signature inserted as it would stand after sign-on (and verification, for published/held). */
export async function seedSignature(campaign: Campaign, overrides: Partial<typeof signatures.$inferInsert> = {}): Promise<Signature> {
  const name = overrides.name ?? `Colectivo de Prueba ${++signer}`;
  const verified = overrides.status && overrides.status !== "pending" ? new Date() : null;
  const email = overrides.email === undefined ? `contacto${signer}-${Date.now()}@colectivo${signer}.example` : overrides.email;
  const [row] = await db
    .insert(signatures)
    .values({
      id: newId(),
      campaignId: campaign.id,
      name,
      country: "MX",
      city: "Tijuana",
      contactName: "Luz Ramírez",
      contactTitle: "Directora",
      email,
      emailDomain: email?.split("@")[1] ?? null,
      source: "widget:https://partner.example",
      letterVersion: campaign.version,
      status: "published",
      verifiedAt: verified,
      publishedAt: overrides.status === undefined || overrides.status === "published" ? new Date() : null,
      ...overrides,
      sortKey: sortKey(name),
      organizationKey: organizationKey(name),
      lookAlikeKey: lookAlikeKey(name),
      searchText: searchText([name, overrides.city ?? "Tijuana"]),
    })
    .returning();
  return row;
}
