import { bulkRejectionItems, bulkRejections } from "../../schema/bulk-rejections";
import { invitations } from "../../schema/team";
import { blocklist, signatures, type Campaign } from "../../schema/tables";
import { webhookDeliveries, webhookEndpoints } from "../../schema/webhooks";
import { hashToken, newId, newToken } from "../../worker/lib/tokens";
import { seedMember, seedOrganizer, seedSignature, type TestOrganizer } from "./organizers";
import { db, seedCampaign } from "./worker";

/**
 * A campaign with something behind every organizer route (signatures to review, a blocklist
 * entry, an invitation, a webhook endpoint with a delivery, a bulk rejection, a member to change),
 * a member of each role, and an owner of another campaign: what the authorization matrix calls
 * each route with.
 */
export interface AccessFixture {
  campaign: Campaign;
  callers: { viewer: TestOrganizer; reviewer: TestOrganizer; editor: TestOrganizer; owner: TestOrganizer; stranger: TestOrganizer };
  /** Each path parameter's value, by the path segment before it. */
  ids: Record<string, string>;
  /** A live signature the held one may be merged into. */
  mergeInto: string;
}

let sequence = 0;

export async function seedAccessFixture(): Promise<AccessFixture> {
  const campaign = await seedCampaign();
  const held = await seedSignature(campaign, { status: "held" });
  const published = await seedSignature(campaign);
  const bulkRejected = await seedSignature(campaign, { status: "rejected", rejectedReason: "bulk" });
  const [viewer, reviewer, editor, owner, target] = await Promise.all([
    seedMember(campaign, "viewer"),
    seedMember(campaign, "reviewer"),
    seedMember(campaign, "editor"),
    seedMember(campaign, "owner"),
    seedMember(campaign, "reviewer"),
  ]);
  const stranger = await seedOrganizer(await seedCampaign());
  const [block] = await db.insert(blocklist).values({ campaignId: campaign.id, kind: "domain", value: "spam.example" }).returning();
  const [invitation] = await db
    .insert(invitations)
    .values({ campaignId: campaign.id, email: `invited${++sequence}@coalition.example`, role: "viewer", hash: await hashToken(newToken()), invitedBy: owner.organizer.id, expiresAt: new Date(Date.now() + 86_400_000) })
    .returning();
  // Port 9 (discard) refuses at once: a test send or replay reaches nothing outside this machine.
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({ id: newId(), campaignId: campaign.id, url: "http://127.0.0.1:9/matrix", events: ["signature.published"], secret: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", createdBy: owner.organizer.id })
    .returning();
  const [delivery] = await db.insert(webhookDeliveries).values({ messageId: `msg_${newId()}`, endpointId: endpoint.id, type: "signature.published", payload: "{}", status: "failed" }).returning();
  const bulkId = newId();
  await db.insert(bulkRejections).values({ id: bulkId, campaignId: campaign.id, organizerId: owner.organizer.id, filter: { domain: "spam.example" }, reason: "spam wave" });
  await db.insert(bulkRejectionItems).values({ bulkRejectionId: bulkId, signatureId: bulkRejected.id, previousStatus: "published" });
  return {
    campaign,
    callers: { viewer, reviewer, editor, owner, stranger },
    ids: {
      campaigns: campaign.slug,
      signatures: held.id,
      "bulk-reject": bulkId,
      blocklist: String(block.id),
      invitations: String(invitation.id),
      members: String(target.organizer.id),
      webhooks: endpoint.id,
      deliveries: String(delivery.id),
      tokens: "1",
      responses: "1",
    },
    mergeInto: published.id,
  };
}

/** The route's path with the fixture's values in place of its parameters. */
export function pathFor(pattern: string, fixture: AccessFixture) {
  const segments = pattern.split("/");
  const path = segments.map((segment, index) => (segment.startsWith(":") ? (fixture.ids[segments[index - 1]] ?? "1") : segment)).join("/");
  return pattern.endsWith("/export") ? `${path}?format=csv` : path;
}

/** A body that would be valid for the route, so that only the caller decides the answer. */
export function bodyFor(route: string, fixture: AccessFixture): unknown {
  const unique = `${Date.now().toString(36)}-${++sequence}`;
  const bodies: Record<string, unknown> = {
    "POST /api/admin/tokens": { label: "matrix" },
    "POST /api/admin/campaigns": { slug: `matrix-${unique}`, title: "New" },
    "POST /api/admin/letter-preview": { body: "We, the undersigned…" },
    "PATCH /api/admin/campaigns/:slug": { title: "Renamed" },
    "PUT /api/admin/campaigns/:slug/notifications": { notifications: "none" },
    "PATCH /api/admin/campaigns/:slug/signatures/:id": { city: "Oaxaca" },
    "PUT /api/admin/campaigns/:slug/signatures/:id/authenticity": { granted: true },
    "POST /api/admin/campaigns/:slug/signatures/:id/merge": { into: fixture.mergeInto },
    "POST /api/admin/campaigns/:slug/bulk-rejections": { domain: "nobody.example", reason: "matrix" },
    "POST /api/admin/campaigns/:slug/blocklist": { kind: "domain", value: "flood.example" },
    "POST /api/admin/campaigns/:slug/imports": { csv: "Organization\nMatrix Collective\n" },
    "PATCH /api/admin/campaigns/:slug/members/:organizerId": { role: "editor" },
    "POST /api/admin/campaigns/:slug/invitations": { email: `matrix-${unique}@coalition.example`, role: "viewer" },
    "POST /api/admin/campaigns/:slug/webhooks": { url: "http://127.0.0.1:9/matrix", events: ["signature.withdrawn"] },
    "POST /api/admin/campaigns/:slug/delivery": { recipients: ["Office of the President"], method: "email" },
    "POST /api/admin/campaigns/:slug/responses": { respondent: "Office of the President", respondedOn: "2026-12-01", summary: { en: "Thanks." } },
    "POST /api/admin/campaigns/:slug/updates": { subject: { en: "News" }, body: { en: "The letter went out." }, dryRun: true },
  };
  return bodies[route] ?? (route.startsWith("GET ") || route.startsWith("DELETE ") ? undefined : {});
}
