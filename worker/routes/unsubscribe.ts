import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { preferredLocale, t } from "../i18n";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { campaignPageUrl, publicBaseUrl } from "../lib/urls";
import { invalidLinkPage, linkActionPage, linkDonePage, linkStatePage } from "../pages/signer-link";
import { titleIn } from "../queries/campaigns";
import { inspectSignerLink } from "../services/signer-links";
import { unsubscribe } from "../services/updates";

/**
 * `/unsubscribe/:token`, the link at the foot of every update and its `List-Unsubscribe` header.
 * GET shows the page (mail scanners open links); POST unsubscribes, from the page's button or
 * from the mail client's one click (RFC 8058 posts `List-Unsubscribe=One-Click` here).
 */
export const unsubscribeLinks = new Hono<AppEnv>();

unsubscribeLinks.use("/:token", async (c, next) => {
  await next();
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
});
unsubscribeLinks.use("/:token", rateLimit("VERIFY_LIMITER", clientAddress));

async function inspect(c: Context<AppEnv>) {
  const found = await inspectSignerLink(c.get("db"), "unsubscribe", c.req.param("token") ?? "");
  if (found.state === "invalid") return { refusal: c.html(invalidLinkPage(preferredLocale(c, "en"), "unsubscribe"), 404) };
  c.set("locale", found.signature.locale);
  const campaignUrl = campaignPageUrl(publicBaseUrl(c), found.campaign, found.signature.locale);
  if (found.state !== "valid") return { refusal: c.html(linkStatePage(found, "unsubscribe", campaignUrl), 200) };
  return { found, campaignUrl };
}

unsubscribeLinks.get("/:token", async (c) => {
  const { found, refusal } = await inspect(c);
  if (!found) return refusal;
  const locale = found.signature.locale;
  const keys = { title: "unsubscribeTitle", lead: "unsubscribeLead", button: "unsubscribeButton", note: "unsubscribeNote" } as const;
  return c.html(linkActionPage(locale, keys, { organization: found.signature.name, title: titleIn(found.campaign, locale) }));
});

unsubscribeLinks.post("/:token", async (c) => {
  const { found, refusal, campaignUrl } = await inspect(c);
  if (!found) return refusal;
  await unsubscribe(c.get("db"), found.signature.id, found.tokenId);
  const locale = found.signature.locale;
  const message = t(locale, "unsubscribedText", { title: titleIn(found.campaign, locale) });
  return c.html(linkDonePage(locale, t(locale, "unsubscribedTitle"), message, campaignUrl));
});
