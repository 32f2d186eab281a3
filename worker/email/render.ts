import type { EmailTemplate, Locale } from "../../schema/tables";
import { t } from "../i18n";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/** The HTML part mirrors the plain text: escaped paragraphs, links made clickable. */
export function htmlFromText(text: string, locale: Locale): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) =>
      escapeHtml(paragraph)
        .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" style="color:#0b57d0">${url}</a>`)
        .replace(/\n/g, "<br>"),
    )
    .map((paragraph) => `<p style="margin:0 0 16px">${paragraph}</p>`)
    .join("\n");
  return `<!doctype html><html lang="${locale}"><body style="font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;max-width:560px;margin:24px auto;padding:0 16px">
${paragraphs}
<p style="margin:32px 0 0;color:#5f6368;font-size:13px">${escapeHtml(t(locale, "footer"))}</p>
</body></html>`;
}

export interface SignerEmailVars {
  contactName: string;
  organization: string;
  title: string;
}

export function renderEmail(
  template: Extract<EmailTemplate, "verify" | "already-signed" | "confirmed" | "listed">,
  locale: Locale,
  { held, ...vars }: SignerEmailVars & { link?: string; campaignUrl?: string; withdrawLink?: string; held?: boolean },
): RenderedEmail {
  const common = { ...vars, link: vars.link ?? "", campaignUrl: vars.campaignUrl ?? "", withdrawLink: vars.withdrawLink ?? "" };
  let subject: string;
  let text: string;
  switch (template) {
    case "verify":
      subject = t(locale, "verifySubject", common);
      text = t(locale, "verifyText", common);
      break;
    case "already-signed":
      subject = t(locale, "alreadySubject", common);
      text = t(locale, "alreadyText", common);
      break;
    case "listed":
      subject = t(locale, "listedSubject", common);
      text = t(locale, "listedText", common);
      break;
    case "confirmed":
      subject = t(locale, "confirmedSubject", common);
      text = t(locale, "confirmedText", {
        ...common,
        listed: t(locale, held ? "confirmedHeld" : "confirmedListed"),
      });
      break;
  }
  return { subject, text, html: htmlFromText(text, locale) };
}
