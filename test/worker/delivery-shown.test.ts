import { describe, expect, it } from "vitest";
import { seedOrganizer, seedSignature } from "../support/organizers";
import { call, postJson, seedCampaign } from "../support/worker";

const admin = (slug: string) => `/api/admin/campaigns/${slug}`;

describe("GET /c/:slug of a delivered letter", () => {
  it("shows the delivery line, a link to the record, and the responses in the page's language", async () => {
    const campaign = await seedCampaign({ timeZone: "America/Mexico_City" });
    const { auth } = await seedOrganizer(campaign);
    await seedSignature(campaign, { name: "Red por la Paz" });
    await postJson(`${admin(campaign.slug)}/delivery`, { recipients: ["Prime Minister of Canada"], method: "email", deliveredAt: "2026-12-11T03:00:00Z" }, auth);
    await postJson(
      `${admin(campaign.slug)}/responses`,
      { respondent: "Office of the Prime Minister", respondedOn: "2027-01-15", summary: { en: "They will meet the coalition.", fr: "Ils rencontreront la coalition." }, url: "https://pm.example/answer" },
      auth,
    );

    const fr = await (await call(`/c/${campaign.slug}?lang=fr`)).text();
    const en = await (await call(`/c/${campaign.slug}?lang=en`)).text();

    // The evening of 10 December in Mexico City, though the 11th in UTC.
    expect(fr).toContain("Remise à Prime Minister of Canada le 10 décembre 2026, avec 1 organisation.");
    expect(fr).toContain(`<a href="https://undersigned.test/c/${campaign.slug}/delivery.txt">`);
    expect(fr).toContain("<h2 id=\"responses\">Réponses</h2>");
    expect(fr).toContain('<a href="https://pm.example/answer">Office of the Prime Minister</a></strong>, 15 janvier 2027\u00a0: <span lang="fr">Ils rencontreront la coalition.</span>');
    expect(en).toContain("Delivered to Prime Minister of Canada on December 10, 2026, with 1 organization.");
    expect(en).toContain("They will meet the coalition.");
  });
});
