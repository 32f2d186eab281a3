import { html, LitElement } from "lit";
import { api, ApiError, type Campaign, type Locale } from "./api";
import { msg } from "./messages";
import { shared } from "./styles";

const LANGUAGES: Locale[] = ["en", "es", "fr"];

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** `2026-11-18T17:00` in the organizer's time zone, as the API's ISO time; empty is no deadline. */
const deadline = (value: FormDataEntryValue | null) => (value ? new Date(String(value)).toISOString() : null);
const toLocalInput = (iso: string | null) => {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

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
  };

  static styles = [shared];

  campaign?: Campaign;
  notifications: "each" | "daily" | "none" = "daily";
  message = "";
  failure = "";
  busy = false;

  render() {
    const c = this.campaign;
    return html`<form class="card" part="form" @submit=${this.save} novalidate>
      <h2>${c ? msg("tabLetter") : msg("newCampaign")}</h2>
      ${c ? html`<p class="muted">${msg("versionNote", { version: c.version })}</p>` : html`<label>${msg("slug")}<input name="slug" required pattern="[a-z0-9][a-z0-9-]{0,63}" /></label>`}
      <label>${msg("title")}<input name="title" required .value=${c?.title ?? ""} /></label>
      <label>${msg("letterDate")}<input name="letterDate" type="date" .value=${c?.letterDate ?? ""} /></label>
      <label>${msg("addressees")}<textarea name="addressees" rows="3" .value=${c?.addressees.join("\n") ?? ""}></textarea></label>
      <label>${msg("cc")}<textarea name="cc" rows="2" .value=${c?.cc.join("\n") ?? ""}></textarea></label>
      <label>${msg("salutation")}<input name="salutation" .value=${c?.salutation ?? ""} /></label>
      <label>${msg("body")}<textarea name="body" rows="10" .value=${c?.body ?? ""}></textarea></label>
      <label
        >${msg("language")}<select name="language">
          ${LANGUAGES.map((lang) => html`<option value=${lang} ?selected=${(c?.language ?? "en") === lang}>${lang}</option>`)}
        </select></label
      >
      ${LANGUAGES.map(
        (lang) => html`<details>
          <summary>${msg("translationOf", { lang })}</summary>
          <label>${msg("translationTitle", { lang })}<input name="t-${lang}-title" .value=${c?.translations[lang]?.title ?? ""} /></label>
          <label>${msg("translationBody", { lang })}<textarea name="t-${lang}-body" rows="6" .value=${c?.translations[lang]?.body ?? ""}></textarea></label>
        </details>`,
      )}
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
      <label>${msg("closesAt")}<input name="closesAt" type="datetime-local" .value=${toLocalInput(c?.closesAt ?? null)} /></label>
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
        >${msg("botPolicy")}<select name="botPolicy">
          <option value="drop" ?selected=${c?.botPolicy !== "flag"}>${msg("botDrop")}</option>
          <option value="flag" ?selected=${c?.botPolicy === "flag"}>${msg("botFlag")}</option>
        </select></label
      >
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
    const translations: Campaign["translations"] = {};
    for (const lang of LANGUAGES) {
      const title = String(form.get(`t-${lang}-title`) ?? "").trim();
      const body = String(form.get(`t-${lang}-body`) ?? "");
      if (title || body.trim()) translations[lang] = { ...(title ? { title } : {}), ...(body.trim() ? { body } : {}) };
    }
    const settings = {
      title: String(form.get("title") ?? ""),
      letterDate: form.get("letterDate") || null,
      addressees: lines(form.get("addressees")),
      cc: lines(form.get("cc")),
      salutation: String(form.get("salutation") ?? "").trim() || null,
      body: String(form.get("body") ?? ""),
      language: form.get("language"),
      translations,
      status: form.get("status"),
      closesAt: deadline(form.get("closesAt")),
      moderation: form.get("moderation"),
      signerKinds: form.getAll("kind"),
      allowedOrigins: lines(form.get("allowedOrigins")),
      botPolicy: form.get("botPolicy"),
    };
    this.busy = true;
    this.failure = "";
    this.message = "";
    try {
      let slug: string;
      if (this.campaign) {
        slug = this.campaign.slug;
        await api(`/campaigns/${slug}`, { method: "PATCH", body: settings });
        await api(`/campaigns/${slug}/notifications`, { method: "PUT", body: { notifications: form.get("notifications") } });
        this.message = msg("saved");
      } else {
        slug = String(form.get("slug") ?? "");
        await api("/campaigns", { method: "POST", body: { slug, ...settings } });
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
