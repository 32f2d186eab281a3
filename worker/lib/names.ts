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
