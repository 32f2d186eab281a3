import { Hono } from "hono";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { deliverEmails } from "../email/outbox";
import { preferredLocale, t } from "../i18n";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { campaignPageUrl, publicBaseUrl } from "../lib/urls";
import { announceListChange } from "../live/announce";
import { invalidLinkPage, linkActionPage, linkDonePage, linkStatePage, signOnDetailsList } from "../pages/signer-link";
import { isAcceptingSignatures, titleIn } from "../queries/campaigns";
import { inspectSignerLink, type SignerLinkPurpose, type TokenState } from "../services/signer-links";
import { findDelivery } from "../services/delivery";
import { deliveredOn } from "../services/letter-life";
import { confirmSignature } from "../services/verification";
import { withdrawSignature } from "../services/withdrawal";

/**
 * The links mailed to signers: `/verify/:token` confirms a sign-on, `/withdraw/:token` takes a
 * signature off the letter. GET shows what will happen and changes nothing (mail scanners open
 * links); the page's button POSTs, and only that acts.
 */
export const signerLinks = new Hono<AppEnv>();

// Mounted at "/": a path-less `use` would also run for every route mounted after this one
// (webhooks, the development mailbox) and for unknown paths.
for (const links of ["/verify/*", "/withdraw/*"]) {
  signerLinks.use(links, async (c, next) => {
    await next();
    // The token is in the URL: keep it out of Referer headers, caches and search engines.
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    c.header("X-Robots-Tag", "noindex");
  });
  // Guessing tokens is hopeless at 256 bits, but there is no reason to let anyone try quickly.
  signerLinks.use(links, rateLimit("VERIFY_LIMITER", clientAddress));
}

/** The campaign's page in the signer's language. */
const campaignUrlOf = (c: Context<AppEnv>, found: Exclude<TokenState, { state: "invalid" }>) =>
  campaignPageUrl(publicBaseUrl(c), found.campaign, found.signature.locale);

async function deliveredPage(c: Context<AppEnv>, found: Extract<TokenState, { state: "valid" }>) {
  const locale = found.signature.locale;
  const delivery = await findDelivery(c.get("db"), found.campaign.id);
  const date = delivery ? deliveredOn(found.campaign, delivery.deliveredAt, locale) : "";
  return linkDonePage(locale, t(locale, "deliveredTitle"), t(locale, "deliveredWithdrawText", { title: titleIn(found.campaign, locale), date }), campaignUrlOf(c, found));
}

async function inspect(c: Context<AppEnv>, purpose: SignerLinkPurpose) {
  const found = await inspectSignerLink(c.get("db"), purpose, c.req.param("token") ?? "");
  if (found.state === "invalid") return { refusal: c.html(invalidLinkPage(preferredLocale(c, "en"), purpose), 404) };
  // Whatever fails from here on answers in the signer's language.
  c.set("locale", found.signature.locale);
  // Once delivered, the list is final: no link adds to it or takes from it.
  if (found.state === "valid" && found.campaign.status === "delivered") return { refusal: c.html(await deliveredPage(c, found), 409) };
  if (found.state === "valid") return { found };
  return { refusal: c.html(linkStatePage(found, purpose, campaignUrlOf(c, found)), 410) };
}

const PAGES = {
  verify: { title: "confirmTitle", lead: "confirmLead", button: "confirmButton", note: "confirmNote" },
  withdraw: { title: "withdrawTitle", lead: "withdrawLead", button: "withdrawButton", note: "withdrawNote" },
} as const;

signerLinks.get("/verify/:token", async (c) => {
  const { found, refusal } = await inspect(c, "verify");
  if (!found) return refusal;
  // In the language of the sign-on this link was mailed for, showing all that it would publish.
  const details = found.details!;
  const vars = { organization: details.name, title: titleIn(found.campaign, details.locale) };
  return c.html(linkActionPage(details.locale, PAGES.verify, vars, signOnDetailsList(details)));
});

signerLinks.get("/withdraw/:token", async (c) => {
  const { found, refusal } = await inspect(c, "withdraw");
  if (!found) return refusal;
  const locale = found.signature.locale;
  return c.html(linkActionPage(locale, PAGES.withdraw, { organization: found.signature.name, title: titleIn(found.campaign, locale) }));
});

signerLinks.post("/verify/:token", async (c) => {
  const { found, refusal } = await inspect(c, "verify");
  if (!found) return refusal;
  const confirmation = await confirmSignature(c.get("db"), found, publicBaseUrl(c));
  c.executionCtx.waitUntil(deliverEmails(c.env, c.get("db"), [confirmation.emailId]));
  if (confirmation.outcome === "published") {
    c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), found.campaign.id, found.signature.id));
  }
  const locale = found.details!.locale;
  const vars = { organization: confirmation.name, title: titleIn(found.campaign, locale) };
  const message = t(locale, confirmation.outcome === "held" ? (found.details!.unnamed ? "doneHeldUnnamed" : "doneHeld") : found.details!.unnamed ? "doneUnnamed" : "doneListed", vars);
  return c.html(linkDonePage(locale, t(locale, "doneTitle"), message, campaignUrlOf(c, found)));
});

signerLinks.post("/withdraw/:token", async (c) => {
  const { found, refusal } = await inspect(c, "withdraw");
  if (!found) return refusal;
  await withdrawSignature(c.get("db"), found);
  c.executionCtx.waitUntil(announceListChange(c.env, c.get("db"), found.campaign.id));
  const locale = found.signature.locale;
  const vars = { organization: found.signature.name, title: titleIn(found.campaign, locale) };
  // Signing again is only offered while the letter takes signatures.
  const message = [t(locale, "withdrawnText", vars), ...(isAcceptingSignatures(found.campaign) ? [t(locale, "signAgain")] : [])].join(" ");
  return c.html(linkDonePage(locale, t(locale, "withdrawnTitle"), message, campaignUrlOf(c, found)));
});
