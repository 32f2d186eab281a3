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

const options = new Map<Locale, Array<[code: string, name: string]>>();

/** Every country the API accepts, named and sorted in the reader's language. */
export function countriesIn(locale: Locale) {
  let named = options.get(locale);
  if (!named) {
    const collator = new Intl.Collator(locale);
    named = codes.map((code): [string, string] => [code, countryName(locale, code)]).sort((a, b) => collator.compare(a[1], b[1]));
    options.set(locale, named);
  }
  return named;
}
