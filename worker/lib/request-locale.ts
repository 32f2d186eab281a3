import type { Context } from "hono";
import { LOCALES, type Locale } from "../../contract";
import type { AppEnv } from "../env";
import { preferredLocale } from "../i18n";

const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

/** The sign-on body's `locale`, when the request's body was read as JSON and names one. */
async function bodyLocale(c: Context<AppEnv>): Promise<Locale | undefined> {
  const text = (c.req.bodyCache as { text?: Promise<string> }).text;
  if (!text) return undefined;
  try {
    const body: unknown = JSON.parse(await text);
    const locale = body && typeof body === "object" ? (body as { locale?: unknown }).locale : undefined;
    return isLocale(locale) ? locale : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The language of a request's problems and error pages: the console's English under /api/admin;
 * else the language its subject names (a signer's link, `c.get("locale")`); else `?lang=`; else the
 * sign-on body's `locale`; else `Accept-Language`; else English.
 */
export async function requestLocale(c: Context<AppEnv>): Promise<Locale> {
  if (c.req.path.startsWith("/api/admin/")) return "en";
  if (c.get("locale")) return c.get("locale");
  const lang = c.req.query("lang");
  if (isLocale(lang)) return lang;
  return (await bodyLocale(c)) ?? preferredLocale(c, "en");
}
