import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, signatures } from "../../schema/tables";
import { renderOrganizerEmail } from "../../worker/email/organizer";
import { BASE, call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath, type MailboxEmail } from "../support/worker";

const path = (slug: string) => `/api/campaigns/${slug}/signatures`;

/** The README's promise, written out: a test that read the code's constant would follow it anywhere. */
const SIGN_ON_EMAILS_PER_DAY = 5;

describe("our emails are never a weapon: few per address", () => {
  it(`lets sign-ons mail one address at most ${SIGN_ON_EMAILS_PER_DAY} times a day per campaign, and answers the rest as usual`, async () => {
    const campaign = await seedCampaign();
    const other = await seedCampaign();
    const email = `target-${Date.now()}@example.org`;

    const statuses: number[] = [];
    for (let i = 1; i <= SIGN_ON_EMAILS_PER_DAY + 2; i++) {
      statuses.push((await postJson(path(campaign.slug), signOnBody({ email, organization: `Organización ${i}` }))).status);
    }
    const elsewhere = await postJson(path(other.slug), signOnBody({ email }));

    expect(statuses).toEqual(Array(SIGN_ON_EMAILS_PER_DAY + 2).fill(202));
    expect((await mailbox(email)).filter((mail) => mail.template === "verify")).toHaveLength(SIGN_ON_EMAILS_PER_DAY + 1);
    // Nothing is kept of the dropped ones either: no entry that no link could confirm.
    expect(await db.select().from(signatures).where(eq(signatures.campaignId, campaign.id)).all()).toHaveLength(SIGN_ON_EMAILS_PER_DAY);
    expect(elsewhere.status).toBe(202);
  });

  it("counts 'already signed' notes and fresh links alike, and lets the address hear again a day later", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);

    for (let i = 0; i < SIGN_ON_EMAILS_PER_DAY + 1; i++) expect((await postJson(path(campaign.slug), body)).status).toBe(202);
    const notes = (await mailbox(body.email)).filter((mail) => mail.template === "already-signed");
    await db.update(outbox).set({ createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) }).where(eq(outbox.recipient, body.email)).run();
    await postJson(path(campaign.slug), body);

    // The verification email was the first of the day's five.
    expect(notes).toHaveLength(SIGN_ON_EMAILS_PER_DAY - 1);
    expect((await mailbox(body.email)).filter((mail) => mail.template === "already-signed")).toHaveLength(SIGN_ON_EMAILS_PER_DAY);
  });
});

/** Every link in an email's HTML, and whether the signer's text shows an address a mail client could link. */
function linksIn(email: MailboxEmail) {
  return [...email.html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((match) => match[1]);
}
const ADDRESS = /https?:\/\/evil|evil\.example|www\.evil|mallory@evil/;

describe("our emails are never a weapon: nothing a signer typed is a link", () => {
  it("shows signers' addresses in every email to them without making them links, in HTML and plain text", async () => {
    const campaign = await seedCampaign();
    const typed = { organization: "Visit https://evil.example/pay or www.evil.example", contactName: "mallory@evil.example" };
    const { body } = await signAndConfirm(campaign.slug, typed);
    await postJson(path(campaign.slug), body);

    const emails = await mailbox(body.email);
    expect(emails.map((email) => email.template).sort()).toEqual(["already-signed", "confirmed", "verify"]);
    for (const email of emails) {
      for (const href of linksIn(email)) expect(href.startsWith(BASE), `${email.template}: ${href}`).toBe(true);
      expect(email.html, email.template).not.toMatch(ADDRESS);
      expect(email.text, email.template).not.toMatch(ADDRESS);
      // It still reads as typed once the invisible breaks are taken out.
      expect(email.text.replaceAll("\u200C", "")).toContain(typed.organization);
    }
    expect(verifyPath(emails.find((email) => email.template === "verify")!)).toMatch(/^\/verify\//);
  });

  it("shows signers' names to organizers without making them links", () => {
    const name = "Visit https://evil.example/pay";
    const notice = renderOrganizerEmail("signature", { campaign: "Letter", name, country: "MX", status: "published", consoleUrl: "https://letters.example/admin#x" });
    const digest = renderOrganizerEmail("digest", { campaign: "Letter", count: 1, names: [name], held: 0, consoleUrl: "https://letters.example/admin#x" });

    for (const email of [notice, digest]) {
      expect([...email.html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((match) => match[1])).toEqual(["https://letters.example/admin#x"]);
      expect(email.html).not.toMatch(ADDRESS);
      expect(email.text).not.toMatch(ADDRESS);
      expect(email.subject).not.toMatch(ADDRESS);
    }
  });

  it("keeps names that only look like sentences as they were typed", async () => {
    const campaign = await seedCampaign();
    const body = signOnBody({ organization: "Mujeres & Niñez del Sur / Frontera, A.C." });
    await postJson(path(campaign.slug), body);

    const [email] = await mailbox(body.email);
    expect(email.text).toContain("Mujeres & Niñez del Sur / Frontera, A.C.");
    expect((await call(verifyPath(email))).status).toBe(200);
  });
});
