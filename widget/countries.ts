import type { ReactiveControllerHost } from "lit";
import { countryName, type Locale } from "./i18n";

/**
 * The country codes the API accepts (contract/countries.ts), put here by the build as one bit per
 * two-letter code AA…ZZ in base64: a fifth of the bytes of the list itself.
 */
declare const COUNTRY_CODE_BITS: string;

const codes = [...atob(COUNTRY_CODE_BITS)].flatMap((byte, index) =>
  [...Array(8).keys()]
    .filter((bit) => byte.charCodeAt(0) & (1 << bit))
    .map((bit) => index * 8 + bit)
    .map((n) => String.fromCharCode(65 + Math.floor(n / 26), 65 + (n % 26))),
);

const named = new Map<Locale, Array<[code: string, name: string]>>();

/** Every country the API accepts, named and sorted in the reader's language. */
function countriesIn(locale: Locale) {
  let countries = named.get(locale);
  if (!countries) {
    const collator = new Intl.Collator(locale);
    countries = codes.map((code): [string, string] => [code, countryName(locale, code)]).sort((a, b) => collator.compare(a[1], b[1]));
    named.set(locale, countries);
  }
  return countries;
}

/**
 * A country menu's options in the reader's language, with the code `chosen()` answers then
 * selected: built in a task of their own after the menu first renders (a first use of Intl costs a
 * phone a long task), and again only when the language changes. Plain nodes, not a template per
 * option: two menus of 250 options were most of the widget's first render. Lit keeps a fragment it
 * has inserted, so the host renders the same one again at no cost.
 */
export function countryMenu(host: ReactiveControllerHost, chosen: () => string) {
  let built: DocumentFragment | undefined;
  let language: Locale | undefined;
  return (locale: Locale) => {
    if (language != locale) {
      language = locale;
      setTimeout(() => {
        built = document.createDocumentFragment();
        built.append(...countriesIn(locale).map(([code, name]) => new Option(name, code, false, code == chosen())));
        host.requestUpdate();
      });
    }
    return built;
  };
}
