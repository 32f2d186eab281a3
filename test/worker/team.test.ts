import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AuditLog, Me, MemberList } from "../../contract";
import { invitations } from "../../schema/team";
import { campaignMemberships, organizers } from "../../schema/tables";
import { adminGet, adminSend, seedMember, seedOrganizer, seedSignature } from "../support/organizers";
import { call, db, mailbox, postJson, seedCampaign } from "../support/worker";

const DAY = 86_400_000;
let sequence = 0;
const newAddress = () => `invitee${++sequence}-${Date.now()}@coalition.example`;

/** Invites `email` as `role` and answers the path of the emailed link. */
async function invite(slug: string, auth: Record<string, string>, email: string, role: string) {
  const response = await postJson(`/api/admin/campaigns/${slug}/invitations`, { email, role }, auth);
  expect(response.status, await response.clone().text()).toBe(201);
  const [sent] = await mailbox(email);
  const link = sent.text.match(/\/admin\/invitations\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error(`no invitation link in: ${sent.text}`);
  return { link, sent };
}

const sessionCookie = (response: Response) => response.headers.get("Set-Cookie")?.match(/undersigned_session=([^;]+)/)?.[1];

describe("invitations", () => {
  it("are accepted once, by the button of the link's page: the organizer, the membership and a session", async () => {
    const campaign = await seedCampaign({ title: "Carta a los líderes" });
    const { auth } = await seedOrganizer(campaign);
    const email = newAddress();
    const { link, sent } = await invite(campaign.slug, auth, email, "editor");

    const page = await call(link);
    const beforeJoining = await db.select().from(organizers).where(eq(organizers.email, email)).get();
    const joined = await call(link, { method: "POST" });
    const session = sessionCookie(joined);
    const me = await (await call("/api/admin/me", { headers: { Cookie: `undersigned_session=${session}` } })).json<Me>();
    const again = await call(link, { method: "POST" });
    const reopened = await call(link);
    const history = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/audit`, auth)).json<AuditLog>();

    expect(sent.subject).toContain("Carta a los líderes");
    expect(sent.text).toContain("as an editor");
    expect(sent.text).toContain("7 days");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(beforeJoining).toBeUndefined();
    expect(joined.status).toBe(303);
    expect(joined.headers.get("Location")).toBe(`/admin#${campaign.slug}`);
    expect(me.email).toBe(email);
    expect(me.campaigns).toEqual([expect.objectContaining({ slug: campaign.slug, role: "editor" })]);
    expect(again.status).toBe(410);
    expect(sessionCookie(again)).toBeUndefined();
    expect(reopened.status).toBe(410);
    expect(history.items.slice(0, 2).map((entry) => [entry.action, entry.after])).toEqual([
      ["accept", { email, role: "editor" }],
      ["invite", { email, role: "editor" }],
    ]);
  });

  it("work for 7 days, then are refused", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const email = newAddress();
    const { link } = await invite(campaign.slug, auth, email, "viewer");
    const stored = await db.select().from(invitations).where(eq(invitations.email, email)).get();

    await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, email));
    const expired = await call(link, { method: "POST" });

    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeGreaterThanOrEqual(7 * DAY - 1000);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBeLessThanOrEqual(7 * DAY + 1000);
    expect(stored!.hash).not.toContain(link.split("/").at(-1));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("expired");
    expect(await db.select().from(organizers).where(eq(organizers.email, email)).get()).toBeUndefined();
  });

  it("sign an organizer who already exists in as themselves; taken back, or sent to a member, they are refused", async () => {
    const campaign = await seedCampaign();
    const { auth } = await seedOrganizer(campaign);
    const existing = await seedOrganizer(await seedCampaign());
    const { link } = await invite(campaign.slug, auth, existing.organizer.email, "reviewer");
    await call(link, { method: "POST" });
    const membership = await db
      .select()
      .from(campaignMemberships)
      .where(and(eq(campaignMemberships.organizerId, existing.organizer.id), eq(campaignMemberships.campaignId, campaign.id)))
      .get();
    const toMember = await postJson(`/api/admin/campaigns/${campaign.slug}/invitations`, { email: existing.organizer.email, role: "owner" }, auth);

    const other = newAddress();
    const { link: revokedLink } = await invite(campaign.slug, auth, other, "viewer");
    const [pending] = (await (await adminGet(`/api/admin/campaigns/${campaign.slug}/invitations`, auth)).json<any>()).items;
    const revoked = await adminSend("DELETE", `/api/admin/campaigns/${campaign.slug}/invitations/${pending.id}`, undefined, auth);

    expect(membership?.role).toBe("reviewer");
    expect(toMember.status).toBe(409);
    expect(pending).toMatchObject({ email: other, role: "viewer" });
    expect(revoked.status).toBe(204);
    expect((await call(revokedLink)).status).toBe(404);
    expect((await call(revokedLink, { method: "POST" })).status).toBe(404);
  });
});

describe("members", () => {
  it("have their roles changed and are removed by owners; the last owner stays, with a clear problem", async () => {
    const campaign = await seedCampaign();
    const owner = await seedOrganizer(campaign);
    const reviewer = await seedMember(campaign, "reviewer");
    const path = `/api/admin/campaigns/${campaign.slug}/members`;

    const promoted = await adminSend("PATCH", `${path}/${reviewer.organizer.id}`, { role: "owner" }, owner.auth);
    const selfDemoted = await adminSend("PATCH", `${path}/${owner.organizer.id}`, { role: "viewer" }, owner.auth);
    const lastOwnerDemoted = await adminSend("PATCH", `${path}/${reviewer.organizer.id}`, { role: "editor" }, reviewer.auth);
    const lastOwnerRemoved = await adminSend("DELETE", `${path}/${reviewer.organizer.id}`, undefined, reviewer.auth);
    const removed = await adminSend("DELETE", `${path}/${owner.organizer.id}`, undefined, reviewer.auth);
    const members = await (await adminGet(path, reviewer.auth)).json<MemberList>();
    const history = await (await adminGet(`/api/admin/campaigns/${campaign.slug}/audit`, reviewer.auth)).json<AuditLog>();

    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ organizerId: reviewer.organizer.id, role: "owner" });
    expect(selfDemoted.status).toBe(200);
    for (const refused of [lastOwnerDemoted, lastOwnerRemoved]) {
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ type: "https://undersigned.dev/problems/last-owner", title: "A campaign keeps at least one owner" });
    }
    expect(removed.status).toBe(204);
    expect(members.items.map((member) => [member.organizerId, member.role])).toEqual([[reviewer.organizer.id, "owner"]]);
    expect(history.items.slice(0, 3).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ["remove", { email: owner.organizer.email, role: "viewer" }, null],
      ["role", { email: owner.organizer.email, role: "owner" }, { email: owner.organizer.email, role: "viewer" }],
      ["role", { email: reviewer.organizer.email, role: "reviewer" }, { email: reviewer.organizer.email, role: "owner" }],
    ]);
  });

  it("see their role on each campaign, and a viewer's exports leave out contacts", async () => {
    const campaign = await seedCampaign();
    await seedSignature(campaign, { contactName: "Luz Ramírez", email: "luz@colectivo.example" });
    const viewer = await seedMember(campaign, "viewer");
    const owner = await seedOrganizer(campaign);
    const exported = (member: typeof viewer, format: string) => adminGet(`/api/admin/campaigns/${campaign.slug}/export?format=${format}`, member.auth).then((response) => response.text());

    const me = await (await adminGet("/api/admin/me", viewer.auth)).json<Me>();
    const list = await (await adminGet("/api/admin/campaigns", viewer.auth)).json<any>();
    const [viewerCsv, viewerJson, ownerCsv] = [await exported(viewer, "csv"), await exported(viewer, "json"), await exported(owner, "csv")];

    expect(me.campaigns).toEqual([expect.objectContaining({ slug: campaign.slug, role: "viewer" })]);
    expect(list.items).toEqual([expect.objectContaining({ slug: campaign.slug, role: "viewer" })]);
    expect(viewerCsv.split("\r\n")[0]).not.toMatch(/contact_name|contact_title|email/);
    expect(viewerCsv).not.toContain("luz@colectivo.example");
    expect(viewerCsv).not.toContain("Luz Ramírez");
    expect(JSON.parse(viewerJson).signatures[0]).not.toHaveProperty("email");
    expect(JSON.parse(viewerJson).signatures[0]).not.toHaveProperty("contactName");
    expect(ownerCsv).toContain("luz@colectivo.example");
  });
});
