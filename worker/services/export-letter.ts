import type { Locale } from "../../contract";
import type { LetterContent } from "../../contract/letter";
import type { Campaign } from "../../schema/tables";
import type { Database } from "../env";
import { t, type MessageKey } from "../i18n";
import { letterContent } from "../letter/parse";
import { letterText } from "../letter/text";
import { calendarDate } from "../lib/calendar-date";
import { invalidFields } from "../lib/problem";
import { campaignLanguages, letterIn } from "../queries/campaigns";
import { letterLifeIn } from "./letter-life";

/**
 * The letter as the letter-ready exports (txt, md, pdf) print it in one of the campaign's
 * languages: its translated parts, its date and labels written in that language, and a note naming
 * the parts a partial translation leaves in the letter's own language.
 */

type Part = keyof ReturnType<typeof letterIn>["partLang"];

const PART_NAMES: Array<[Part, MessageKey]> = [
  ["title", "partTitle"],
  ["addressees", "partAddressees"],
  ["cc", "partCc"],
  ["salutation", "partSalutation"],
  ["body", "partBody"],
];

export interface ExportedLetter {
  lang: Locale;
  title: string;
  /** The letter's date, written in `lang`. */
  date: string | null;
  addressees: string[];
  ccLabel: string;
  cc: string[];
  salutation: string | null;
  /** The body as written (Markdown), and parsed. */
  body: string;
  content: LetterContent;
  /** Which parts are not translated into `lang`, and in which language they are given; null when none. */
  fallbackNote: string | null;
  /** "Signataires (81)". */
  signatoriesHeading: string;
}

/** The export's language: the one asked for, which the campaign must have, else the letter's own. */
export function exportLanguage(campaign: Campaign, lang: Locale | undefined): Locale {
  const languages = campaignLanguages(campaign);
  if (lang && !languages.includes(lang)) {
    throw invalidFields([{ field: "lang", pointer: "/lang", code: "invalid_value", message: `this letter has no ${lang} text: choose one of ${languages.join(", ")}` }]);
  }
  return lang ?? campaign.language;
}

export function exportedLetter(campaign: Campaign, lang: Locale): ExportedLetter {
  const letter = letterIn(campaign, lang);
  const present = (value: string | string[] | null) => (Array.isArray(value) ? value.length > 0 : !!value?.trim());
  // A part the letter itself leaves empty (no cc, no salutation) has nothing to fall back to.
  const untranslated = PART_NAMES.filter(([part]) => letter.partLang[part] !== lang && present(letter[part])).map(([, name]) => t(lang, name));
  const languages = new Intl.DisplayNames([lang], { type: "language" });
  const fallbackNote = untranslated.length
    ? t(lang, "exportFallback", {
        language: languages.of(lang) ?? lang,
        original: languages.of(campaign.language) ?? campaign.language,
        parts: new Intl.ListFormat(lang, { type: "conjunction" }).format(untranslated),
      })
    : null;
  return {
    lang,
    title: letter.title,
    date: letter.date ? calendarDate(lang, letter.date) : null,
    addressees: letter.addressees,
    ccLabel: t(lang, "exportCc"),
    cc: letter.cc,
    salutation: letter.salutation,
    body: letter.body,
    content: letterContent(letter.body),
    fallbackNote,
    signatoriesHeading: `${t(lang, "pageSignatories")} (${new Intl.NumberFormat(lang).format(campaign.signatureCount)})`,
  };
}

/**
 * Once delivered, what an export closes with: the delivery line in `lang` and the campaign's time
 * zone, the fingerprint, and where anyone can fetch the text it was computed over.
 */
export async function deliveryRecord(db: Database, campaign: Campaign, lang: Locale, baseUrl: string) {
  const { delivery } = await letterLifeIn(db, campaign, lang, baseUrl);
  if (!delivery) return null;
  return {
    delivered: delivery.text,
    fingerprint: t(lang, "fingerprintLine", { fingerprint: delivery.fingerprint }),
    check: t(lang, "fingerprintCheck", { url: delivery.canonicalUrl }),
  };
}

/** The delivery record closing a text or Markdown export; its address stays a link in Markdown. */
export function deliveryRecordText(record: NonNullable<Awaited<ReturnType<typeof deliveryRecord>>>, format: "txt" | "md"): string {
  if (format === "txt") return `${record.delivered}\n${record.fingerprint}\n${record.check}\n`;
  return `${escapeMarkdown(record.delivered)}\\\n${record.fingerprint}\\\n${record.check}\n`;
}

/**
 * Only what Markdown would read as markup: emphasis, code, links (bare addresses included), HTML,
 * tables anywhere; a heading or list marker only where it opens the text. "A.C." and "CADEC-UAZ"
 * stay as written, so that the list pasted as plain text reads as the names do.
 */
const MARKDOWN_INLINE = /[\\`*_[\]<>|~]/g;
export const escapeMarkdown = (text: string) =>
  text
    .replace(MARKDOWN_INLINE, (ch) => `\\${ch}`)
    // GitHub-flavoured Markdown links bare addresses too.
    .replace(/\b(https?|ftp):/gi, "$1\\:")
    .replace(/\bwww\./gi, "www\\.")
    .replace(/^([#+-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");

/**
 * The letter before its list, as text (`txt`) or Markdown (`md`): title, the note on untranslated
 * parts, date, addressees, copies, salutation and body, then the list's heading. The body is
 * Markdown already: `md` keeps it as written, `txt` prints it plain.
 */
export function letterHead(letter: ExportedLetter, format: "txt" | "md"): string {
  const md = format === "md";
  const line = (text: string) => (md ? escapeMarkdown(text) : text);
  const paragraphs = [
    md ? `# ${line(letter.title)}` : letter.title,
    letter.fallbackNote && (md ? `> *${line(letter.fallbackNote)}*` : `[${letter.fallbackNote}]`),
    letter.date,
    // One line each: Markdown's hard break is a backslash at a line's end.
    letter.addressees.map(line).join(md ? "\\\n" : "\n"),
    letter.cc.length ? [letter.ccLabel, ...letter.cc.map(line)].join(md ? "\\\n" : "\n") : null,
    letter.salutation && line(letter.salutation),
    md ? letter.body.replace(/\r\n?/g, "\n").trim() : letterText(letter.content),
    md ? `## ${line(letter.signatoriesHeading)}` : letter.signatoriesHeading,
  ];
  return `${paragraphs.filter(Boolean).join("\n\n")}\n\n`;
}
