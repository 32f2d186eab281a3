import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaignMemberships, campaigns, loginLinks, sessions } from "../../schema/tables";
import type { Bindings } from "../../worker/env";
import worker from "../../worker/index";
import { call, db, mailbox, seedCampaign, signAndConfirm } from "../support/worker";
import { seedOrganizer, seedSession } from "../support/organizers";

async function runCron(at = new Date()) {
  const ctx = createExecutionContext();
  const controller = createScheduledController({ scheduledTime: at.getTime(), cron: "* * * * *" });
  await worker.scheduled(controller, { ...env, PUBLIC_URL: "https://letters.example" } as Bindings, ctx);
  await waitOnExecutionContext(ctx);
}

describe("cron: deadlines", () => {
  it("closes an open campaign once its deadline passed, with an audit entry", async () => {
    const due = await seedCampaign({ closesAt: new Date(Date.now() - 60_000) });
    const later = await seedCampaign({ closesAt: new Date(Date.now() + 3_600_000) });
    const { auth } = await seedOrganizer(due);

    await runCron();
    const [dueNow, laterNow] = await Promise.all([due, later].map((c) => db.select().from(campaigns).where(eq(campaigns.id, c.id)).get()));
    const log = await (await call(`/api/admin/campaigns/${due.slug}/audit`, { headers: auth })).json<any>();

    expect(dueNow!.status).toBe("closed");
    expect(laterNow!.status).toBe("open");
    expect(log.items[0]).toMatchObject({ action: "close-at-deadline", organizerId: null, after: { status: "closed" } });
  });
});

describe("cron: sign-in state", () => {
  it("forgets expired sessions and day-old sign-in links, and keeps live ones", async () => {
    const { organizer } = await seedOrganizer();
    const expired = await seedSession(organizer, new Date(Date.now() - 1000));
    const live = await seedSession(organizer);
    await db.insert(loginLinks).values([
      { hash: `old-${organizer.id}`, organizerId: organizer.id, expiresAt: new Date(Date.now() - 86_000_000), createdAt: new Date(Date.now() - 90_000_000) },
      { hash: `new-${organizer.id}`, organizerId: organizer.id, expiresAt: new Date(Date.now() + 900_000) },
    ]);

    await runCron();
    const links = await db.select({ hash: loginLinks.hash }).from(loginLinks).where(eq(loginLinks.organizerId, organizer.id)).all();
    const remaining = await db.select().from(sessions).where(eq(sessions.organizerId, organizer.id)).all();

    expect(links.map((link) => link.hash)).toEqual([`new-${organizer.id}`]);
    expect(remaining).toHaveLength(1);
    expect((await call("/api/admin/me", { headers: live })).status).toBe(200);
    expect((await call("/api/admin/me", { headers: expired })).status).toBe(401);
  });
});

describe("cron: organizer notifications", () => {
  it("mails an organizer who chose `each` once per confirmed signature", async () => {
    const campaign = await seedCampaign();
    const { organizer } = await seedOrganizer(campaign);
    await db.update(campaignMemberships).set({ notifications: "each", notifiedThrough: new Date(Date.now() - 1000) }).where(eq(campaignMemberships.organizerId, organizer.id));
    await signAndConfirm(campaign.slug, { organization: "Haitian Bridge Alliance", country: "US" });
    await signAndConfirm(campaign.slug, { organization: "Al Otro Lado", country: "US" });

    await runCron();
    await runCron();
    const notices = await mailbox(organizer.email);

    expect(notices.map((mail) => mail.subject).sort()).toEqual([
      "New signature on “Letter to the Leaders”: Al Otro Lado",
      "New signature on “Letter to the Leaders”: Haitian Bridge Alliance",
    ]);
    expect(notices[0].text).toContain(`https://letters.example/admin#${campaign.slug}`);
  });

  it("sends a daily digest, once a day, and nothing to those who chose none", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const daily = await seedOrganizer(campaign);
    const quiet = await seedOrganizer(campaign);
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await db.update(campaignMemberships).set({ notifiedThrough: dayAgo }).where(eq(campaignMemberships.organizerId, daily.organizer.id));
    await db.update(campaignMemberships).set({ notifications: "none", notifiedThrough: dayAgo }).where(eq(campaignMemberships.organizerId, quiet.organizer.id));
    await signAndConfirm(campaign.slug, { organization: "Asylum Access" });
    await signAndConfirm(campaign.slug, { organization: "Border Kindness" });

    await runCron();
    await runCron(new Date(Date.now() + 10 * 60_000));
    const digests = await mailbox(daily.organizer.email);

    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe("2 new signatures on “Letter to the Leaders”");
    expect(digests[0].text).toContain("- Asylum Access\n- Border Kindness");
    expect(digests[0].text).toContain("2 wait for your approval.");
    expect(await mailbox(quiet.organizer.email)).toEqual([]);
  });
});
