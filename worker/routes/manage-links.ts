import { Hono, type Context } from "hono";
import { SignerCorrectionBody } from "../../contract";
import type { AppEnv } from "../env";
import { preferredLocale, t } from "../i18n";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { refuseCrossSiteWrite } from "../lib/same-origin";
import { campaignPageUrl, publicBaseUrl } from "../lib/urls";
import { fieldErrors } from "../lib/validation";
import { announceListChange } from "../live/announce";
import { managePage, valuesOf, type ManageValues } from "../pages/manage";
import { invalidLinkPage, linkDonePage, linkStatePage } from "../pages/signer-link";
import { isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { correctOwnEntry } from "../services/corrections";
import { findDelivery } from "../services/delivery";
import { deliveredOn } from "../services/letter-life";
import { inspectSignerLink, type TokenState } from "../services/signer-links";
import { withdrawSignature } from "../services/withdrawal";

/**
 * `/manage/:token`, the link in a signer's confirmation email: GET shows their entry's public
 * fields in a form (mail scanners open links; nothing changes), its POST corrects them, and
 * `/manage/:token/withdraw` takes the entry off the letter. The link works many times, for as long
 * as the entry stands and its contact is kept.
 */
export const manageLinks = new Hono<AppEnv>();

manageLinks.use("*", async (c, next) => {
  await next();
  // The token is in the URL: keep it out of other sites' Referer headers, caches and search
  // engines. Same-origin, not no-referrer: the page's own forms must post with a real Origin,
  // which the cross-site check reads ("null" is what no-referrer makes it).
  c.header("Referrer-Policy", "same-origin");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
});
manageLinks.use("*", rateLimit("VERIFY_LIMITER", clientAddress));

type Valid = Extract<TokenState, { state: "valid" }>;

const campaignUrlOf = (c: Context<AppEnv>, found: Exclude<TokenState, { state: "invalid" }>) =>
  campaignPageUrl(publicBaseUrl(c), found.campaign, found.signature.locale);

async function inspect(c: Context<AppEnv>) {
  const found = await inspectSignerLink(c.get("db"), "manage", c.req.param("token") ?? "");
  if (found.state === "valid") return { found };
  if (found.state === "invalid") return { refusal: c.html(invalidLinkPage(preferredLocale(c, "en"), "manage"), 404) };
  // A link of an entry still standing is past use only because retention erased its contact: expired, not "no longer on the letter".
  const ended = found.state === "used" && !["withdrawn", "rejected"].includes(found.signature.status) ? { ...found, state: "expired" as const } : found;
  return { refusal: c.html(linkStatePage(ended, "manage", campaignUrlOf(c, found)), 410) };
}

const varsOf = (found: Valid) => ({
  organization: found.signature.name,
  title: titleIn(found.campaign, found.signature.locale),
  kind: found.signature.kind,
});

const pendingSince = (found: Valid) => (found.signature.pendingCorrection ? new Date(found.signature.pendingCorrection.requestedAt) : undefined);

/** The form as posted, for validation and to show again: members one per line, blanks dropped. */
function postedValues(form: Record<string, unknown>): ManageValues {
  const text = (key: keyof ManageValues) => (typeof form[key] === "string" ? (form[key] as string) : "");
  return { name: text("name"), city: text("city"), region: text("region"), country: text("country"), website: text("website"), members: text("members") };
}

manageLinks.get("/:token", async (c) => {
  const { found, refusal } = await inspect(c);
  if (!found) return refusal;
  return c.html(managePage(found.signature.locale, c.req.param("token"), varsOf(found), valuesOf(found.signature), { pendingSince: pendingSince(found) }));
});

manageLinks.post("/:token", async (c) => {
  // No cookie rides on this write; the Origin check keeps other sites' pages from posting it for a signer.
  refuseCrossSiteWrite(c);
  const { found, refusal } = await inspect(c);
  if (!found) return refusal;
  const locale = found.signature.locale;
  const values = postedValues(await c.req.parseBody());
  const input = {
    ...values,
    members: values.members
      .split(/\r?\n/)
      .map((member) => member.trim())
      .filter(Boolean),
  };
  const parsed = SignerCorrectionBody.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, input);
    return c.html(managePage(locale, c.req.param("token"), varsOf(found), values, { pendingSince: pendingSince(found), errors }), 422);
  }
  const { outcome, listChanged } = await correctOwnEntry(c.get("db"), found, parsed.data);
  if (listChanged) c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), found.campaign.id));
  const organization = outcome === "applied" ? parsed.data.name : found.signature.name;
  const message = t(locale, outcome === "applied" ? "manageApplied" : outcome === "pending" ? "managePending" : "manageUnchanged", { organization });
  return c.html(linkDonePage(locale, t(locale, "manageSavedTitle"), message, campaignUrlOf(c, found)));
});

manageLinks.post("/:token/withdraw", async (c) => {
  refuseCrossSiteWrite(c);
  const { found, refusal } = await inspect(c);
  if (!found) return refusal;
  const locale = found.signature.locale;
  const vars = { organization: found.signature.name, title: titleIn(found.campaign, locale) };
  // Once delivered, the list is final: no link takes from it.
  if (found.campaign.status === "delivered") {
    const delivery = await findDelivery(c.get("db"), found.campaign.id);
    const date = delivery ? deliveredOn(found.campaign, delivery.deliveredAt, locale) : "";
    return c.html(linkDonePage(locale, t(locale, "deliveredTitle"), t(locale, "deliveredWithdrawText", { ...vars, date }), campaignUrlOf(c, found)), 409);
  }
  await withdrawSignature(c.get("db"), found);
  c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), found.campaign.id));
  const message = [t(locale, "withdrawnText", vars), ...(isAcceptingSignatures(found.campaign) ? [t(locale, "signAgain")] : [])].join(" ");
  return c.html(linkDonePage(locale, t(locale, "withdrawnTitle"), message, campaignUrlOf(c, found)));
});
