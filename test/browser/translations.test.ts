// The rules of docs/translations.md, over every message module of the three apps: the worker's
// emails and pages, the console, the widget (its language chunks, and the texts it loads once a
// sign-on was accepted). Plain Node: nothing here needs a browser, only the message modules.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { consoleCountedTexts, consoleTexts } from "../../admin/messages";
import widgetEn from "../../widget/locales/en";
import widgetEs from "../../widget/locales/es";
import widgetFr from "../../widget/locales/fr";
import { messages as workerMessages } from "../../worker/i18n";

type Table = Record<string, string>;
type Catalog = { en: Table; es?: Table; fr?: Table };

/**
 * widget/signed.ts keeps its texts in a module-private object (it imports nothing at run time): read
 * from its source, each language block's `key: "text"` pairs, as JSON reads the string literals.
 */
function signedTexts(): Catalog {
  const source = readFileSync(new URL("../../widget/signed.ts", import.meta.url), "utf8");
  const block = (lang: string) => {
    const start = source.indexOf(`\n  ${lang}: {`);
    if (start < 0) return {};
    const end = source.indexOf("\n  },", start);
    const entries = [...source.slice(start, end).matchAll(/\n\s+(\w+):\s*("(?:[^"\\]|\\.)*")/g)];
    return Object.fromEntries(entries.map(([, key, literal]) => [key, JSON.parse(literal) as string]));
  };
  return { en: block("en"), es: block("es"), fr: block("fr") };
}

const counted = Object.fromEntries(
  Object.entries(consoleCountedTexts).flatMap(([key, forms]) => Object.entries(forms).map(([form, text]) => [`${key}.${form}`, text as string])),
);

const CATALOGS: Record<string, Catalog> = {
  "worker/i18n.ts": workerMessages,
  "widget/locales": { en: widgetEn, es: widgetEs, fr: widgetFr },
  "widget/signed.ts": signedTexts(),
  // The console speaks English only: the rules that concern English apply.
  "admin/messages.ts": { en: { ...consoleTexts, ...counted } },
};

/** Every `[module, language, key, text]`. */
const texts = Object.entries(CATALOGS).flatMap(([module, catalog]) =>
  Object.entries(catalog).flatMap(([lang, table]) => Object.entries(table ?? {}).map(([key, text]) => ({ module, lang, key, text }))),
);
const inLanguage = (lang: string) => texts.filter((entry) => entry.lang === lang);
const where = ({ module, lang, key, text }: (typeof texts)[number]) => `${module} ${lang}.${key}: ${JSON.stringify(text)}`;

/** The words of a text, its placeholders (`{email}`) left out. */
const words = (text: string) => text.replace(/\{\w+\}/g, "x");

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name).sort();

describe("translations", () => {
  it("reads every module it checks", () => {
    for (const [module, catalog] of Object.entries(CATALOGS)) expect(Object.keys(catalog.en).length, module).toBeGreaterThan(5);
  });

  it("has every key in every language of its module, and no key English lacks", () => {
    const problems: string[] = [];
    for (const [module, catalog] of Object.entries(CATALOGS)) {
      const english = Object.keys(catalog.en).sort();
      for (const lang of ["es", "fr"] as const) {
        const table = catalog[lang];
        if (!table) continue;
        const keys = Object.keys(table);
        for (const key of english) if (!keys.includes(key)) problems.push(`${module}: ${lang} lacks ${key}`);
        for (const key of keys) if (!english.includes(key)) problems.push(`${module}: ${lang} has ${key}, English does not`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("fills the same placeholders in every language", () => {
    const problems: string[] = [];
    for (const [module, catalog] of Object.entries(CATALOGS)) {
      for (const lang of ["es", "fr"] as const) {
        for (const [key, text] of Object.entries(catalog[lang] ?? {})) {
          const english = catalog.en[key];
          if (english !== undefined && placeholders(text).join() !== placeholders(english).join()) problems.push(`${module} ${lang}.${key}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("writes no slashed, bracketed or dotted gender forms (autorizado/a, (e), autorisé·e)", () => {
    const gendered = /\p{L}(?:\/(?:a|as|o|os|e|es|x)\b|\((?:a|as|e|es|o|os|s)\)|·\p{L})/u;
    expect(texts.filter(({ text }) => gendered.test(words(text))).map(where)).toEqual([]);
  });

  it("puts a non-breaking space before : ; ! ? » and after « in French", () => {
    // A colon of a URL's scheme ("https://") is not punctuation.
    const unspaced = /(?:^|[^\u00a0\u202f])(?:[;!?»]|:(?!\/\/))|«(?![\u00a0\u202f])/u;
    expect(inLanguage("fr").filter(({ text }) => unspaced.test(words(text))).map(where)).toEqual([]);
  });

  it("keeps to one term per idea (docs/translations.md)", () => {
    const avoided: Record<string, RegExp> = {
      // "el equipo organizador"; Latin American usage: agregar, hacer clic, vencer, revisar.
      es: /\borganizador[ae]s\b|\bañad|\bcaduc|\bpulse\b|\bcompruebe\b|\bmiembros\b|\be-?mail\b/iu,
      // "l'équipe organisatrice"; Canadian usage: courriel.
      fr: /\borganisat(?:eurs|rices)\b|\be-?mails?\b/iu,
    };
    const problems = Object.entries(avoided).flatMap(([lang, pattern]) => inLanguage(lang).filter(({ text }) => pattern.test(words(text))).map(where));
    expect(problems).toEqual([]);
  });
});
