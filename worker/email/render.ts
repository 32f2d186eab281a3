import type { EmailTemplate, Locale } from "../../schema/tables";
import { t } from "../i18n";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

// A run of text a mail client could take for an address and make a link: a scheme ("http://",
// "mailto:"), "www.", an "@" between characters, or a dot before two letters ("evil.example").
const ADDRESS_LIKE = /\S*(?:[a-z][a-z0-9+.-]*:\/\/|(?:mailto|tel|sms|data|javascript):|www\.|[^\s@]@[^\s@]|\.\p{L}{2})\S*/giu;
const JOINED_SEPARATOR = /\u200C([.:@/])/g;

/**
 * Text someone typed (a name), as an email shows it: a zero-width non-joiner before each dot, colon,
 * "@" and slash of anything that reads as an address, so that no mail client links it (a link in
 * a message from the coalition's address would lend it the coalition's name). It reads the same.
 */
export const unlinkable = (text: string) => text.replace(ADDRESS_LIKE, (run) => run.replace(/[.:@/]/g, "\u200C$&"));

/**
 * The HTML part mirrors the plain text: escaped paragraphs, our own links made clickable. Text
 * made `unlinkable` gets each broken separator in an element of its own as well, for clients
 * that drop invisible characters before looking for addresses.
 */
export function htmlFromText(text: string, locale: Locale): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) =>
      escapeHtml(paragraph)
        .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" style="color:#0b57d0">${url}</a>`)
        .replace(JOINED_SEPARATOR, "\u200C<span>$1</span>")
        .replace(/\n/g, "<br>"),
    )
    .map((paragraph) => `<p style="margin:0 0 16px">${paragraph}</p>`)
    .join("\n");
  return htmlEmail(locale, paragraphs);
}

/** Every email's HTML frame around its content (already HTML), with the product's footer. */
export function htmlEmail(locale: Locale, content: string): string {
  return `<!doctype html><html lang="${locale}"><body style="font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;max-width:560px;margin:24px auto;padding:0 16px">
${content}
<p style="margin:32px 0 0;color:#5f6368;font-size:13px">${escapeHtml(t(locale, "footer"))}</p>
</body></html>`;
}

export interface SignerEmailVars {
  contactName: string;
  organization: string;
  title: string;
}

export function renderEmail(
  template: Extract<EmailTemplate, "verify" | "already-signed" | "confirmed" | "listed" | "reminder">,
  locale: Locale,
  { held, unnamed, ...vars }: SignerEmailVars & { link?: string; campaignUrl?: string; withdrawLink?: string; manageLink?: string; held?: boolean; unnamed?: boolean },
): RenderedEmail {
  const common = {
    ...vars,
    // What the signer typed is shown, never linked; the links are ours.
    contactName: unlinkable(vars.contactName),
    organization: unlinkable(vars.organization),
    link: vars.link ?? "",
    campaignUrl: vars.campaignUrl ?? "",
    withdrawLink: vars.withdrawLink ?? "",
    manageLink: vars.manageLink ?? "",
  };
  let subject: string;
  let text: string;
  switch (template) {
    case "verify":
      subject = t(locale, "verifySubject", common);
      text = t(locale, "verifyText", common);
      break;
    case "reminder":
      subject = t(locale, "reminderSubject", common);
      text = t(locale, "reminderText", common);
      break;
    case "already-signed":
      subject = t(locale, "alreadySubject", common);
      text = t(locale, "alreadyText", common);
      break;
    case "listed":
      subject = t(locale, "listedSubject", common);
      text = t(locale, unnamed ? "listedUnnamedText" : "listedText", common);
      break;
    case "confirmed":
      subject = t(locale, "confirmedSubject", common);
      text = t(locale, "confirmedText", {
        ...common,
        listed: t(locale, held ? (unnamed ? "confirmedHeldUnnamed" : "confirmedHeld") : unnamed ? "confirmedUnnamed" : "confirmedListed"),
      });
      break;
  }
  return { subject, text, html: htmlFromText(text, locale) };
}
