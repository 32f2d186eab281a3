import unhomoglyph from "unhomoglyph";

/**
 * How names are compared, ordered and searched. The organization's own spelling is always what is
 * stored and shown; these folded forms only drive SQL ordering, search and duplicate detection,
 * because D1 has no locale-aware collation of its own.
 */

const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Case- and accent-insensitive, punctuation collapsed to single spaces. Lower-, upper- then
 * lower-casing stands in for Unicode case folding, which JavaScript lacks: "ẞ", "ß" and "SS" fold
 * alike, as do "ᾀ" and "ἈΙ" (and final "ς", which lower-casing picks by context, is "σ");
 * compatibility forms ("𝔸", "㋌") are decomposed first so that they fold like what they stand for.
 */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .toLowerCase()
    .toUpperCase()
    .toLowerCase()
    .normalize("NFKD")
    .replace(MARKS, "")
    .normalize("NFC")
    .replace(/ς/g, "σ")
    .replace(NOT_WORD, " ")
    .trim();
}

/**
 * Ordering key: the folded name, so that "Ética" sorts beside "etica" and a leading quote or dash
 * does not send an entry to the top. Binary order of these keys matches a root-locale collator
 * for Latin-script names.
 */
export function sortKey(name: string): string {
  return fold(name) || name;
}

/**
 * What a collator compares: the name with punctuation collapsed to spaces as in `sortKey`, but its
 * letters as written, so that the language's own order ("ñ" after "n") still applies. A collator
 * given the raw name would put «"Como nacido entre nosotros"» before every letter, where the
 * database's order has it among the C's.
 */
export const collationText = (name: string) => name.replace(/[^\p{L}\p{N}\p{M}]+/gu, " ").trim() || name;

// Legal-form suffixes that do not tell organizations apart ("Casa del Migrante, A.C." is
// "Casa del Migrante AC"): compared after folding, so "A.C.", "AC" and "a. c." are one.
const LEGAL_SUFFIXES = [
  "a c", "ac", "a b p", "abp", "i a p", "iap", "s c", "sc", "inc", "llc", "ltd", "corp", "ong", "asbl", "e v", "ev",
];
const SUFFIX_PATTERN = new RegExp(`(?:\\s(?:${LEGAL_SUFFIXES.map((s) => s.replace(/ /g, "\\s")).join("|")}))+$`, "u");

/** Key under which two spellings of one organization collide: folded, legal suffixes removed. */
export function organizationKey(name: string): string {
  const folded = fold(name);
  return folded.replace(SUFFIX_PATTERN, "").trim() || folded;
}

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * UTS #39's skeleton: each character replaced by the prototype it can be mistaken for (Unicode's
 * confusables.txt, as the unhomoglyph package ships it), invisible ones dropped. Two strings that
 * look alike have one skeleton; it is for comparing, never for showing ("m" becomes "rn").
 */
export const skeleton = (value: string) => unhomoglyph(value.normalize("NFD").replace(INVISIBLE, "")).normalize("NFD");

/**
 * Key under which look-alike spellings of one organization collide: "Оxfam" with a Cyrillic "О",
 * "0XFAM", "Oxfam, A.C.". From the organization key (case, accents, punctuation and legal
 * suffixes folded), upper-cased, where more letters of other scripts have Latin look-alikes
 * (Cyrillic "н" is "Н", which is "H"; "I" and "і" are both "l"); then the skeleton again once
 * folded (every "m" is "rn").
 */
export const lookAlikeKey = (name: string) => fold(skeleton(fold(skeleton(organizationKey(name).toUpperCase()))));

// Words acronyms tend to skip: "Centro de Derechos Humanos" is CDH as often as CDDH.
const ACRONYM_SKIPS = new Set(["de", "del", "la", "las", "los", "el", "y", "e", "of", "the", "and", "for", "le", "les", "des", "du", "et", "pour"]);

function acronymsOf(words: string[]): string[] {
  if (words.length < 2) return [];
  const initials = (list: string[]) => list.map((word) => word[0]).join("");
  return [...new Set([initials(words), initials(words.filter((word) => !ACRONYM_SKIPS.has(word)))])].filter((acronym) => acronym.length >= 2);
}

/**
 * The keys one organization may be listed under, its acronym added or left out: "Latin America
 * Working Group" and "Latin America Working Group (LAWG)" are one organization. For finding
 * possible duplicates; an entry's own key stays exactly what `organizationKey` gives.
 */
export function organizationKeyVariants(key: string): string[] {
  const words = key.split(" ").filter(Boolean);
  const withAcronym = acronymsOf(words).map((acronym) => `${key} ${acronym}`);
  const last = words.at(-1) ?? "";
  const rest = words.slice(0, -1);
  const withoutAcronym = acronymsOf(rest).includes(last) ? [rest.join(" ")] : [];
  return [key, ...withAcronym, ...withoutAcronym];
}

/** What the public search matches: name, members, city and region, folded. */
export function searchText(parts: Array<string | null | undefined>): string {
  return parts.filter(Boolean).map((part) => fold(part as string)).join(" | ");
}

/**
 * A search as LIKE patterns, one per word, all of which must match: "matias cordova" finds "Fray
 * Matías de Córdova". Folding keeps only letters, digits and spaces, so `%` and `_` never reach a
 * pattern as wildcards.
 */
export function searchPatterns(query: string, maxWords = 6): string[] {
  return fold(query)
    .split(" ")
    .filter(Boolean)
    .slice(0, maxWords)
    .map((word) => `%${word}%`);
}
