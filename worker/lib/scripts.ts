/**
 * Which scripts a name is written in, after UTS #39's mixed-script detection: a word whose letters
 * no one script covers ("Оxfam" with a Cyrillic "О") imitates a word of another script. Each
 * character's scripts come from the runtime's own Unicode data (Script_Extensions, through
 * regular expressions); this file only lists the scripts' ISO 15924 codes to ask about.
 */

// Every script of Unicode 16, by ISO 15924 code. A code this runtime does not know is skipped.
const SCRIPT_CODES =
  "Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Bhks Bopo Brah Brai Bugi Buhd Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb";

let scriptTests: Array<[string, RegExp]> | undefined;
function scriptTestsOnce() {
  scriptTests ??= SCRIPT_CODES.split(" ").flatMap((code): Array<[string, RegExp]> => {
    try {
      return [[code, new RegExp(`^\\p{scx=${code}}$`, "u")]];
    } catch {
      return [];
    }
  });
  return scriptTests;
}

// Common and Inherited characters (digits, punctuation, combining accents) go with any script.
const ANY_SCRIPT = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;

// UTS #39's augmented script sets: Han is written with kana in Japanese, Hangul in Korean,
// Bopomofo in Chinese; such a word is one writing system.
const AUGMENTED: Record<string, string[]> = {
  Hani: ["Hanb", "Jpan", "Kore"],
  Hira: ["Jpan"],
  Kana: ["Jpan"],
  Hang: ["Kore"],
  Bopo: ["Hanb"],
};
const HAN_WRITING_SYSTEMS = ["Hanb", "Jpan", "Kore"];

// Names repeat the same few hundred characters; each is looked up once per isolate.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string[] | null>();

/** The augmented scripts of one character, or null for one that goes with any. */
function scriptsOf(character: string): string[] | null {
  let scripts = remembered.get(character);
  if (scripts !== undefined) return scripts;
  scripts = ANY_SCRIPT.test(character)
    ? null
    : scriptTestsOnce()
        .filter(([, test]) => test.test(character))
        .flatMap(([code]) => [code, ...(AUGMENTED[code] ?? [])]);
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(character, scripts);
  return scripts;
}

/** The scripts that cover every character given: null when any would (digits, punctuation only). */
function resolvedScripts(characters: string[]): Set<string> | null {
  let resolved: Set<string> | null = null;
  for (const character of characters) {
    const scripts = scriptsOf(character);
    if (!scripts) continue;
    resolved = resolved ? new Set(scripts.filter((script) => resolved!.has(script))) : new Set(scripts);
  }
  return resolved;
}

const LATIN = /^\p{scx=Latn}$/u;
const ONLY_LATIN = /^[\p{scx=Latn}\p{scx=Zyyy}\p{scx=Zinh}]*$/u;

/**
 * Whether one word mixes scripts. UTS #39's "highly restrictive" level lets Latin go with the Han
 * writing systems (Japanese, Chinese, Korean words with Latin letters in them); nothing else mixes.
 */
function mixesScriptsInWord(word: string): boolean {
  if (ONLY_LATIN.test(word)) return false;
  const characters = [...word];
  const resolved = resolvedScripts(characters);
  if (!resolved || resolved.size) return false;
  const withoutLatin = resolvedScripts(characters.filter((character) => !LATIN.test(character)));
  return !withoutLatin || !HAN_WRITING_SYSTEMS.some((system) => withoutLatin.has(system));
}

const WORDS = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Whether some word of a name mixes scripts. Words are judged one by one: "Fondation / Фонд" is a
 * bilingual name, "Оxfam" is an imitation.
 */
export function mixesScripts(name: string): boolean {
  return (name.match(WORDS) ?? []).some(mixesScriptsInWord);
}
