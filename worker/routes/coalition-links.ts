import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { preferredLocale, t } from "../i18n";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { refuseCrossSiteWrite } from "../lib/same-origin";
import { campaignPageUrl, publicBaseUrl } from "../lib/urls";
import { coalitionInvalidPage } from "../pages/coalition";
import { linkActionPage, linkDonePage } from "../pages/signer-link";
import { endConsent, inspectCoalitionLink } from "../services/coalition";

/**
 * `/coalition/unsubscribe/:token`, the way out at the foot of every coalition invitation and its
 * `List-Unsubscribe` header. GET shows the page (mail scanners open links); POST ends the consent,
 * from the page's button or from the mail client's one click (RFC 8058).
 */
export const coalitionLinks = new Hono<AppEnv>();

coalitionLinks.use("/unsubscribe/*", async (c, next) => {
  await next();
  // Same-origin, not no-referrer: the page's button must post with a real Origin (see manage-links).
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
});
coalitionLinks.use("/unsubscribe/*", rateLimit("VERIFY_LIMITER", clientAddress));

async function inspect(c: Context<AppEnv>) {
  const found = await inspectCoalitionLink(c.get("db"), c.req.param("token") ?? "");
  if (found.state === "invalid") return { refusal: c.html(coalitionInvalidPage(preferredLocale(c, "en")), 404) };
  const campaignUrl = campaignPageUrl(publicBaseUrl(c), found.campaign, found.locale);
  // Ended already (unsubscribed, or deleted by the organizers): nothing is kept, and the page says so.
  if (found.state === "ended") {
    return { refusal: c.html(linkDonePage(found.locale, t(found.locale, "coalitionUnsubscribedTitle"), t(found.locale, "coalitionUnsubscribedText"), campaignUrl)) };
  }
  return { found, campaignUrl };
}

coalitionLinks.get("/unsubscribe/:token", async (c) => {
  const { found, refusal } = await inspect(c);
  if (!found) return refusal;
  const keys = { title: "coalitionUnsubscribeTitle", lead: "coalitionUnsubscribeLead", button: "coalitionUnsubscribeButton", note: "coalitionUnsubscribeNote" } as const;
  return c.html(linkActionPage(found.locale, keys, { organization: found.contact.organization }));
});

coalitionLinks.post("/unsubscribe/:token", async (c) => {
  refuseCrossSiteWrite(c);
  const { found, refusal, campaignUrl } = await inspect(c);
  if (!found) return refusal;
  await endConsent(c.get("db"), found);
  return c.html(linkDonePage(found.locale, t(found.locale, "coalitionUnsubscribedTitle"), t(found.locale, "coalitionUnsubscribedText"), campaignUrl));
});
