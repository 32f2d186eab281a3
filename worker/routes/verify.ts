import { Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env";
import { deliverEmails } from "../email/outbox";
import { t } from "../i18n";
import { clientAddress, rateLimit } from "../lib/rate-limit";
import { publicBaseUrl } from "../lib/urls";
import { page } from "../pages/layout";
import { titleIn } from "../queries/campaigns";
import { confirmSignature, inspectVerifyToken, type TokenState } from "../services/verification";

/**
 * `/verify/:token`: GET shows what will be confirmed and changes nothing (mail scanners open
 * links); the page's button POSTs, and only that confirms.
 */
export const verify = new Hono<AppEnv>();

verify.use(async (c, next) => {
  await next();
  // The token is in the URL: keep it out of Referer headers, caches and search engines.
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
});

function statePage(found: Exclude<TokenState, { state: "valid" }>, campaignUrl?: string) {
  const locale = found.state === "invalid" ? "en" : found.signature.locale;
  const [titleKey, textKey] = {
    invalid: ["invalidTitle", "invalidText"],
    expired: ["expiredTitle", "expiredText"],
    used: ["usedTitle", "usedText"],
  }[found.state] as ["invalidTitle", "invalidText"];
  const title = t(locale, titleKey);
  return page(
    { lang: locale, title },
    html`<div class="card"><h1>${title}</h1><p>${t(locale, textKey)}</p>
${campaignUrl ? html`<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p>` : ""}</div>`,
  );
}

// Guessing tokens is hopeless at 256 bits, but there is no reason to let anyone try quickly.
verify.use(rateLimit("VERIFY_LIMITER", clientAddress));

verify.get("/:token", async (c) => {
  const found = await inspectVerifyToken(c.var.db, c.req.param("token"));
  if (found.state !== "valid") {
    const campaignUrl = found.state === "invalid" ? undefined : `${publicBaseUrl(c)}/c/${found.campaign.slug}`;
    return c.html(statePage(found, campaignUrl), found.state === "invalid" ? 404 : 410);
  }
  const { signature, campaign } = found;
  const locale = signature.locale;
  const vars = { organization: signature.name, title: titleIn(campaign, locale) };
  return c.html(
    page(
      { lang: locale, title: t(locale, "confirmTitle") },
      html`<div class="card"><h1>${t(locale, "confirmTitle")}</h1>
<p>${t(locale, "confirmLead", vars)}</p>
<form method="post"><button type="submit">${t(locale, "confirmButton")}</button></form>
<p class="muted">${t(locale, "confirmNote")}</p></div>`,
    ),
  );
});

verify.post("/:token", async (c) => {
  const found = await inspectVerifyToken(c.var.db, c.req.param("token"));
  if (found.state !== "valid") {
    const campaignUrl = found.state === "invalid" ? undefined : `${publicBaseUrl(c)}/c/${found.campaign.slug}`;
    return c.html(statePage(found, campaignUrl), found.state === "invalid" ? 404 : 410);
  }
  const campaignUrl = `${publicBaseUrl(c)}/c/${found.campaign.slug}`;
  const confirmation = await confirmSignature(c.var.db, found, campaignUrl);
  c.executionCtx.waitUntil(deliverEmails(c.env, c.var.db, [confirmation.emailId]));
  const locale = found.signature.locale;
  const vars = { organization: found.signature.name, title: titleIn(found.campaign, locale) };
  const message = confirmation.outcome === "published" ? t(locale, "doneListed", vars) : t(locale, "doneHeld", vars);
  return c.html(
    page(
      { lang: locale, title: t(locale, "doneTitle") },
      html`<div class="card" role="status"><h1>${t(locale, "doneTitle")}</h1><p>${message}</p>
<p><a href="${campaignUrl}">${t(locale, "seeLetter")}</a></p></div>`,
    ),
  );
});
