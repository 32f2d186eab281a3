import type { RenderedEmail } from "./render";
import { htmlFromText, unlinkable } from "./render";

const plurals = new Intl.PluralRules("en");
const number = new Intl.NumberFormat("en");
const isOne = (count: number) => plurals.select(count) === "one";

/** Emails to organizers: the console speaks English, and so do they. */
export function renderOrganizerEmail(template: "login", vars: { link: string }): RenderedEmail;
export function renderOrganizerEmail(
  template: "signature",
  vars: { campaign: string; name: string; country: string | null; status: string; consoleUrl: string },
): RenderedEmail;
export function renderOrganizerEmail(
  template: "digest",
  vars: { campaign: string; count: number; names: string[]; held: number; consoleUrl: string },
): RenderedEmail;
export function renderOrganizerEmail(template: "invitation", vars: { campaign: string; role: string; inviter: string; link: string }): RenderedEmail;
export function renderOrganizerEmail(template: "login" | "signature" | "digest" | "invitation", vars: Record<string, any>): RenderedEmail {
  let subject: string;
  let text: string;
  switch (template) {
    case "login":
      subject = "Your sign-in link for Undersigned";
      text = `Open this link and press “Sign in” to reach the organizer console:\n${vars.link}\n\nThe link works once, for 15 minutes. If you did not ask for it, ignore this email.`;
      break;
    case "invitation":
      subject = `${vars.inviter} invites you to help run “${vars.campaign}”`;
      text = `${vars.inviter} invites you to join the organizers of “${vars.campaign}” on Undersigned, as ${vars.role === "owner" || vars.role === "editor" ? "an" : "a"} ${vars.role}.\n\nOpen this link and press “Join” to accept and sign in:\n${vars.link}\n\nThe link works once, for 7 days. If you do not know why you got it, ignore this email.`;
      break;
    case "signature":
      // Signers' names are shown, never linked.
      subject = `New signature on “${vars.campaign}”: ${unlinkable(vars.name)}`;
      text = `${unlinkable(vars.name)}${vars.country ? ` (${vars.country})` : ""} confirmed its signature on “${vars.campaign}”; it is ${vars.status}.${
        vars.consoleUrl ? `\n\nReview it in the console: ${vars.consoleUrl}` : ""
      }`;
      break;
    case "digest": {
      const shown = (vars.names as string[]).slice(0, 50);
      const more = vars.count - shown.length;
      const count = number.format(vars.count);
      subject = `${count} new ${isOne(vars.count) ? "signature" : "signatures"} on “${vars.campaign}”`;
      text = `In the last day, ${count} ${isOne(vars.count) ? "signature was" : "signatures were"} confirmed on “${vars.campaign}”:\n\n${shown
        .map((name) => `- ${unlinkable(name)}`)
        .join("\n")}${more > 0 ? `\n- and ${number.format(more)} more` : ""}${
        vars.held ? `\n\n${number.format(vars.held)} ${isOne(vars.held) ? "waits" : "wait"} for your approval.` : ""
      }${
        vars.consoleUrl ? `\n\nOpen the console: ${vars.consoleUrl}` : ""
      }`;
      break;
    }
  }
  return { subject, text, html: htmlFromText(text, "en") };
}
