/**
 * Signals about who really signed, shown to organizers (DESIGN.md: authenticity signals). Neither
 * proves anything alone: a matching domain is reassuring, a free-mail address for a large
 * organization is worth a second look.
 */
import type { Signature } from "../../schema/tables";
import { withScheme } from "./urls";

// Consumer mailbox providers common among the coalitions' countries (the Americas, Europe).
const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.mx", "yahoo.es", "yahoo.fr", "yahoo.ca", "ymail.com",
  "hotmail.com", "hotmail.es", "hotmail.fr", "outlook.com", "outlook.es", "live.com", "live.com.mx", "msn.com",
  "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "gmx.de",
  "mail.com", "yandex.com", "zoho.com", "laposte.net", "orange.fr", "free.fr", "wanadoo.fr", "prodigy.net.mx",
  "riseup.net", "tutanota.com", "fastmail.com", "qq.com", "163.com",
]);

export const isFreeMail = (domain: string | null | undefined) => Boolean(domain && FREE_MAIL.has(domain.toLowerCase()));

/** The host of a website as typed ("www.example.org/about", "https://example.org"), without www. */
export function websiteHost(website: string | null | undefined): string | null {
  if (!website) return null;
  try {
    const host = new URL(withScheme(website)).hostname.toLowerCase();
    return host.replace(/^www\./, "");
  } catch {
    return null;
  }
}

/** The email's domain is the website's, or one is a subdomain of the other (mx.example.org). */
export function domainMatchesWebsite(emailDomain: string | null | undefined, website: string | null | undefined): boolean {
  const host = websiteHost(website);
  const domain = emailDomain?.toLowerCase();
  if (!host || !domain) return false;
  return host === domain || host.endsWith(`.${domain}`) || domain.endsWith(`.${host}`);
}

/**
 * The public mark an entry keeps once its website is corrected: the organizers' check stands; a
 * domain mark is decided again from the confirmed address, and, once retention erased it, survives
 * only an unchanged website.
 */
export function markAfterCorrection(signature: Pick<Signature, "authenticated" | "emailDomain" | "website">, website: string | null): Signature["authenticated"] {
  if (signature.authenticated === "organizer") return "organizer";
  if (!signature.emailDomain) return website === signature.website ? signature.authenticated : null;
  return domainMatchesWebsite(signature.emailDomain, website) ? "domain" : null;
}
