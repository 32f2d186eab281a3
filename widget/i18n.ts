import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { FieldErrorCode, Locale } from "../contract";
import type { MessageKey } from "./locales/en";

export type { MessageKey };

/**
 * Each language is its own chunk, loaded on first use: a page downloads only the one it speaks.
 * The build turns each into an array in en.ts's key order and each key into its index
 * (scripts/build-widget.ts): `t()` reads either the same way.
 */
const TRANSLATIONS: Record<Locale, () => Promise<{ default: Record<MessageKey, string> }>> = {
  en: () => import("./locales/en"),
  es: () => import("./locales/es"),
  fr: () => import("./locales/fr"),
};

export type { Locale };

const loaded = new Map<Locale, Record<MessageKey, string>>();
const loading = new Map<Locale, Promise<unknown>>();

/** Resolves once `locale`'s messages are available to `t()`. */
export function loadMessages(locale: Locale): Promise<unknown> {
  if (loaded.has(locale)) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = TRANSLATIONS[locale]().then(
      (module) => loaded.set(locale, module.default),
      (error) => {
        loading.delete(locale);
        throw error;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/** The supported language for a BCP 47 tag (`es-MX` → `es`); English when unsupported. */
export function supportedLocale(tag: string | null | undefined): Locale {
  const language = (tag ?? "").toLowerCase().split("-")[0];
  return Object.hasOwn(TRANSLATIONS, language) ? (language as Locale) : "en";
}

/** The API's error codes that have their own message, which en.ts names after them. */
const ERROR_MESSAGES: Partial<Record<FieldErrorCode, MessageKey>> = {
  required: "required",
  too_long: "too_long",
  too_many: "too_many",
  invalid_email: "invalid_email",
  invalid_country: "invalid_country",
  invalid_url: "invalid_url",
  control_characters: "control_characters",
  challenge_required: "challenge_required",
  challenge_failed: "challenge_failed",
  challenge_expired: "challenge_expired",
};

/** The message for the API's error `code`, if it has its own. */
export const errorMessage = (code: FieldErrorCode): MessageKey | undefined => (Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code] : undefined);

/** A message; empty until `loadMessages(locale)` has resolved (elements render once `ready`). */
export function t(locale: Locale, key: MessageKey, values: Record<string, string | number> = {}): string {
  return (loaded.get(locale)?.[key] ?? "").replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}

export function formatCount(locale: Locale, count: number): string {
  const one = new Intl.PluralRules(locale).select(count) === "one";
  // Below a thousand none of the three languages groups digits, and a first Intl formatter costs a phone a long task.
  return t(locale, one ? "countOne" : "countOther", { count: count < 1000 ? count : new Intl.NumberFormat(locale).format(count) });
}

const regionNames = new Map<Locale, Intl.DisplayNames>();
/** Names looked up before: a list names the same few countries thousands of times, and a lookup is slow. */
const countryNames = new Map<string, string>();

/** A country's name in the widget's language, from the browser's own data (nothing to ship). */
export function countryName(locale: Locale, code: string): string {
  const key = locale + code;
  let name = countryNames.get(key);
  if (name === undefined) {
    let names = regionNames.get(locale);
    if (!names) regionNames.set(locale, (names = new Intl.DisplayNames([locale], { type: "region" })));
    countryNames.set(key, (name = names.of(code) ?? code));
  }
  return name;
}

/**
 * The language of an element: its own `lang` attribute, else the page's `<html lang>`. Re-renders
 * its element once the language's messages have loaded (`ready`).
 */
export class LocaleController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get locale(): Locale {
    return supportedLocale(this.host.lang || document.documentElement.lang);
  }

  /** Whether `t()` speaks the element's language yet. */
  get ready(): boolean {
    return loaded.has(this.locale);
  }

  hostUpdate() {
    if (!this.ready) loadMessages(this.locale).then(() => this.host.requestUpdate());
  }
}
