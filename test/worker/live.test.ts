import { describe, expect, it } from "vitest";
import { openWidget } from "../support/live";
import { call, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

describe("GET /api/campaigns/:slug/live", () => {
  it("greets a widget with the current count", async () => {
    const campaign = await seedCampaign();
    await signAndConfirm(campaign.slug);

    const widget = await openWidget(campaign.slug);

    expect(await widget.next(1)).toMatchObject({ type: "hello", count: 1 });
    widget.socket.close();
  });

  it("pushes a newly confirmed signature, public fields only, to every open widget", async () => {
    const campaign = await seedCampaign();
    const widgets = await Promise.all([openWidget(campaign.slug), openWidget(campaign.slug), openWidget(campaign.slug)]);
    await Promise.all(widgets.map((widget) => widget.next(1)));

    const { body } = await signAndConfirm(campaign.slug, { organization: "Kino Border Initiative" });

    for (const widget of widgets) {
      const message = await widget.next(2);
      expect(message).toMatchObject({ type: "signature", count: 1, signature: { organization: "Kino Border Initiative" } });
      expect(JSON.stringify(message)).not.toContain(body.email);
      expect(JSON.stringify(message)).not.toContain(body.contactName);
      widget.socket.close();
    }
  });

  it("tells widgets to reread when a signature is withdrawn", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug);
    const widget = await openWidget(campaign.slug);
    await widget.next(1);

    const confirmed = (await mailbox(body.email)).find((message) => message.template === "confirmed")!;
    await call(confirmed.text.match(/\/withdraw\/[A-Za-z0-9_-]{43}/)![0], { method: "POST" });

    expect(await widget.next(2)).toMatchObject({ type: "refresh", count: 0 });
    widget.socket.close();
  });

  it("stays quiet about signatures held for review", async () => {
    const campaign = await seedCampaign({ moderation: "hold" });
    const widget = await openWidget(campaign.slug);
    await widget.next(1);
    const body = signOnBody();
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    await call(verifyPath((await mailbox(body.email))[0]), { method: "POST" });
    await signAndConfirm((await seedCampaign()).slug);

    expect(widget.heard).toHaveLength(1);
    widget.socket.close();
  });

  it("answers a plain request with 426 problem details", async () => {
    const campaign = await seedCampaign();
    const response = await call(`/api/campaigns/${campaign.slug}/live`);
    expect(response.status).toBe(426);
    expect(response.headers.get("Content-Type")).toContain("application/problem+json");
  });

  it("is 404 for an unknown campaign", async () => {
    const response = await call("/api/campaigns/no-such-letter/live", { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(404);
  });
});
