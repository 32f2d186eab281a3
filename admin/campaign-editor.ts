import { html, LitElement, nothing } from "lit";
import { instantOfWallTime, LOCALES, SLUG_PATTERN, wallTimeOf } from "../contract/constants";
import { api, ApiError, type Campaign, type CampaignCreateRequest, type CampaignPatchRequest, type Locale, type NotificationsRequest, type Translation } from "./api";
import { msg, type MessageKey } from "./messages";
import { shared } from "./styles";


const lines = (typed: string) =>
  typed
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** What a field shows of a stored value, as the browser reads it back: textareas turn CR LF into LF. */
const shown = (value: string | string[] | null) => (Array.isArray(value) ? value.join("\n") : (value ?? "")).replace(/\r\n?/g, "\n");

/**
 * The stored value while its field still shows it: a save then changes only what the organizer
 * changed, never the letter's text (and so its version) through trimming or line endings.
 */
const keep = <T extends string | string[] | null>(typed: string, stored: T | undefined, parse: (typed: string) => T | undefined) =>
  stored !== undefined && typed === shown(stored) ? stored : parse(typed);

const someLines = (typed: string) => {
  const list = lines(typed);
  return list.length ? list : undefined;
};

/** A translation's fields, in the order the form shows them; an empty field leaves its part out. */
const TRANSLATED: Array<[keyof Translation, MessageKey, (typed: string) => string | string[] | undefined]> = [
  ["title", "translationTitle", (typed) => typed.trim() || undefined],
  ["addressees", "translationAddressees", someLines],
  ["cc", "translationCc", someLines],
  ["salutation", "translationSalutation", (typed) => typed.trim() || undefined],
  ["body", "translationBody", (typed) => (typed.trim() ? typed : undefined)],
];

/** `2026-11-18T17:00` as clocks show it in the campaign's time zone, as the API's ISO time; empty is no deadline. */
const deadline = (value: FormDataEntryValue | null, timeZone: string) => {
  if (!value) return null;
  const [year, month, day, hour, minute] = String(value).split(/[-T:]/).map(Number);
  return instantOfWallTime(timeZone, year, month, day, hour, minute).toISOString();
};
/** A deadline as the field shows it: in the campaign's time zone, whatever the organizer's computer says. */
const toZonedInput = (iso: string | null, timeZone: string) => {
  if (!iso) return "";
  const [year, month, day, hour, minute] = wallTimeOf(new Date(iso), timeZone).map((part) => String(part).padStart(2, "0"));
  return `${year}-${month}-${day}T${hour}:${minute}`;
};

/** "MX 20" lines as the API's targets, country codes in capitals; the first line that is not one, as typed. */
function countryTargets(typed: string): Record<string, number> | string {
  const targets: Record<string, number> = {};
  for (const line of lines(typed)) {
    const match = /^([A-Za-z]{2})\s*[:=]?\s*(\d{1,6})$/.exec(line);
    if (!match) return line;
    targets[match[1].toUpperCase()] = Number(match[2]);
  }
  return targets;
}

/** The zone a new campaign starts in: the organizer's own, as their browser knows it. */
const browserTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
/** Every zone the browser knows, UTC first (engines list it apart from the places). */
const TIME_ZONES = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];

/**
 * Creates a campaign (without `campaign`) or edits one: the letter, its translations and settings.
 *
 * @fires campaign-saved - `detail.slug`: the campaign was created or saved
 * @csspart form - the form
 */
export class UsCampaignEditor extends LitElement {
  static properties = {
    campaign: { attribute: false },
    notifications: { type: String },
    message: { state: true },
    failure: { state: true },
    busy: { state: true },
    preview: { state: true },
  };

  static styles = [shared];

  campaign?: Campaign;
  notifications: "each" | "daily" | "none" = "daily";
  message = "";
  failure = "";
  busy = false;
  /** The body last typed in or focused, in its language: what the preview shows. */
  preview?: { body: string; lang: Locale };

  /** Follows a body field into the preview; the main body is in the language the form names. */
  private previewing(lang?: Locale) {
    return (event: Event) => {
      const field = event.target as HTMLTextAreaElement;
      const language = field.form?.elements.namedItem("language") as HTMLSelectElement | null;
      this.preview = { body: field.value, lang: lang ?? ((language?.value ?? "en") as Locale) };
    };
  }

  render() {
    const c = this.campaign;
    const zone = c?.timeZone ?? browserTimeZone;
    return html`<form class="card" part="form" @submit=${this.save} novalidate>
      <h2>${c ? msg("tabLetter") : msg("newCampaign")}</h2>
      ${c ? html`<p class="muted">${msg("versionNote", { version: c.version })}</p>` : html`<label>${msg("slug")}<input name="slug" required pattern=${SLUG_PATTERN.source.slice(1, -1)} /></label>`}
      <label>${msg("title")}<input name="title" required .value=${c?.title ?? ""} /></label>
      <label>${msg("letterDate")}<input name="letterDate" type="date" .value=${c?.letterDate ?? ""} /></label>
      <label>${msg("addressees")}<textarea name="addressees" rows="3" .value=${c?.addressees.join("\n") ?? ""}></textarea></label>
      <label>${msg("cc")}<textarea name="cc" rows="2" .value=${c?.cc.join("\n") ?? ""}></textarea></label>
      <label>${msg("salutation")}<input name="salutation" .value=${c?.salutation ?? ""} /></label>
      <label>${msg("body")}<textarea name="body" rows="10" .value=${c?.body ?? ""} @input=${this.previewing()} @focus=${this.previewing()}></textarea></label>
      <label
        >${msg("language")}<select name="language">
          ${LOCALES.map((lang) => html`<option value=${lang} ?selected=${(c?.language ?? "en") === lang}>${lang}</option>`)}
        </select></label
      >
      ${LOCALES.map(
        (lang) => html`<details>
          <summary>${msg("translationOf", { lang })}</summary>
          ${TRANSLATED.map(([field, label]) => {
            const name = `t-${lang}-${field}`;
            const value = shown(c?.translations[lang]?.[field] ?? null);
            return html`<label
              >${msg(label, { lang })}${field === "title" || field === "salutation"
                ? html`<input name=${name} .value=${value} />`
                : html`<textarea
                    name=${name}
                    rows=${field === "body" ? 6 : 2}
                    .value=${value}
                    @input=${field === "body" ? this.previewing(lang) : nothing}
                    @focus=${field === "body" ? this.previewing(lang) : nothing}
                  ></textarea>`}</label
            >`;
          })}
        </details>`,
      )}
      <us-letter-preview .body=${this.preview?.body ?? c?.body ?? ""} .language=${this.preview?.lang ?? c?.language ?? "en"}></us-letter-preview>
      <label
        >${msg("status")}<select name="status">
          ${(["draft", "open", "closed"] as const).map(
            (status) =>
              html`<option value=${status} ?selected=${(c?.status ?? "draft") === status}>
                ${msg(status === "draft" ? "statusDraft" : status === "open" ? "statusOpen" : "statusClosed")}
              </option>`,
          )}
        </select></label
      >
      <label
        >${msg("timeZone")}<select name="timeZone">
          ${(TIME_ZONES.includes(zone) ? TIME_ZONES : [zone, ...TIME_ZONES]).map((option) => html`<option ?selected=${option === zone}>${option}</option>`)}
        </select></label
      >
      <label>${msg("closesAt")}<input name="closesAt" type="datetime-local" .value=${toZonedInput(c?.closesAt ?? null, zone)} /></label>
      <label
        >${msg("moderation")}<select name="moderation">
          <option value="publish" ?selected=${c?.moderation !== "hold"}>${msg("moderationPublish")}</option>
          <option value="hold" ?selected=${c?.moderation === "hold"}>${msg("moderationHold")}</option>
        </select></label
      >
      <fieldset>
        <legend>${msg("signerKinds")}</legend>
        <label class="row" style="font-weight:400"
          ><input type="checkbox" name="kind" value="organization" ?checked=${!c || c.signerKinds.includes("organization")} />${msg("kindOrganization")}</label
        >
        <label class="row" style="font-weight:400"
          ><input type="checkbox" name="kind" value="individual" ?checked=${c?.signerKinds.includes("individual") ?? false} />${msg("kindIndividual")}</label
        >
      </fieldset>
      <label>${msg("allowedOrigins")}<textarea name="allowedOrigins" rows="2" .value=${c?.allowedOrigins.join("\n") ?? ""}></textarea></label>
      <label
        >${msg("countryTargets")}<textarea
          name="countryTargets"
          rows="3"
          .value=${Object.entries(c?.countryTargets ?? {})
            .map(([country, target]) => `${country} ${target}`)
            .join("\n")}
        ></textarea
      ></label>
      <label
        >${msg("botPolicy")}<select name="botPolicy">
          <option value="drop" ?selected=${c?.botPolicy !== "flag"}>${msg("botDrop")}</option>
          <option value="flag" ?selected=${c?.botPolicy === "flag"}>${msg("botFlag")}</option>
        </select></label
      >
      <label>${msg("replyTo")}<input name="replyTo" type="email" autocomplete="email" .value=${c?.replyTo ?? ""} /></label>
      <label><input name="showAuthenticity" type="checkbox" .checked=${c?.showAuthenticity ?? false} /> ${msg("showAuthenticity")}</label>
      ${c
        ? html`<label
            >${msg("notifications")}<select name="notifications">
              <option value="each" ?selected=${this.notifications === "each"}>${msg("notifyEach")}</option>
              <option value="daily" ?selected=${this.notifications === "daily"}>${msg("notifyDaily")}</option>
              <option value="none" ?selected=${this.notifications === "none"}>${msg("notifyNone")}</option>
            </select></label
          >`
        : ""}
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>${c ? msg("save") : msg("create")}</button>
        <span role="status">${this.message}</span>
      </div>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
    </form>`;
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const c = this.campaign;
    const translations: Campaign["translations"] = { ...c?.translations };
    for (const lang of LOCALES) {
      const stored = c?.translations[lang] ?? {};
      const typed = Object.fromEntries(TRANSLATED.map(([field, , parse]) => [field, keep(text(`t-${lang}-${field}`), stored[field], parse)]));
      const translation: Translation = Object.fromEntries(Object.entries({ ...stored, ...typed }).filter(([, value]) => value !== undefined));
      if (Object.keys(translation).length) translations[lang] = translation;
      else delete translations[lang];
    }
    const targets = countryTargets(text("countryTargets"));
    if (typeof targets === "string") {
      this.failure = msg("countryTargetsInvalid", { line: targets });
      return;
    }
    type Settings = Required<CampaignPatchRequest>;
    // The form's controls offer only the contract's values for these.
    const choice = <Field extends keyof Settings>(name: Field) => form.get(name) as Settings[Field];
    const settings = {
      title: keep(text("title"), c?.title, (typed) => typed),
      letterDate: (form.get("letterDate") as string) || null,
      addressees: keep(text("addressees"), c?.addressees, lines),
      cc: keep(text("cc"), c?.cc, lines),
      salutation: keep(text("salutation"), c?.salutation, (typed) => typed.trim() || null),
      body: keep(text("body"), c?.body, (typed) => typed),
      language: choice("language"),
      translations,
      status: choice("status"),
      timeZone: text("timeZone"),
      closesAt: deadline(form.get("closesAt"), text("timeZone")),
      moderation: choice("moderation"),
      signerKinds: form.getAll("kind") as Settings["signerKinds"],
      allowedOrigins: lines(text("allowedOrigins")),
      botPolicy: choice("botPolicy"),
      replyTo: text("replyTo").trim() || null,
      countryTargets: targets,
      showAuthenticity: form.has("showAuthenticity"),
    } satisfies CampaignPatchRequest;
    this.busy = true;
    this.failure = "";
    this.message = "";
    try {
      let slug: string;
      if (this.campaign) {
        slug = this.campaign.slug;
        await api(`/campaigns/${slug}`, { method: "PATCH", body: settings });
        await api(`/campaigns/${slug}/notifications`, {
          method: "PUT",
          body: { notifications: form.get("notifications") as NotificationsRequest["notifications"] } satisfies NotificationsRequest,
        });
        this.message = msg("saved");
      } else {
        slug = String(form.get("slug") ?? "");
        await api("/campaigns", { method: "POST", body: { slug, ...settings, title: text("title") } satisfies CampaignCreateRequest });
        this.message = msg("created");
      }
      this.dispatchEvent(new CustomEvent("campaign-saved", { detail: { slug }, bubbles: true, composed: true }));
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    } finally {
      this.busy = false;
    }
  }
}
