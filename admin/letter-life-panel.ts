import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { DELIVERY_METHODS, LOCALES } from "../contract/constants";
import {
  api,
  ApiError,
  type Campaign,
  type Delivery,
  type DeliveryCreateRequest,
  type Locale,
  type ResponseCreateRequest,
  type ResponseList,
  type UpdateCreateRequest,
  type UpdateList,
  type UpdatePreview,
} from "./api";
import { msg, msgCount, type MessageKey } from "./messages";
import { shared } from "./styles";

const METHOD_LABELS: Record<(typeof DELIVERY_METHODS)[number], MessageKey> = {
  email: "methodEmail",
  "in-person": "methodInPerson",
  post: "methodPost",
  "online-form": "methodOnlineForm",
  other: "methodOther",
};

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** The texts typed per language, without the empty ones. */
function perLanguage(form: FormData, field: string): Partial<Record<Locale, string>> {
  return Object.fromEntries(LOCALES.map((lang) => [lang, String(form.get(`${field}-${lang}`) ?? "").trim()]).filter(([, text]) => text));
}

/**
 * The letter after collection: deliver it (freezing the list), record the answers, and report
 * back to the signatories with an update, previewed and counted before it goes.
 *
 * @fires campaign-saved - after the delivery, so that the campaign is read again
 */
export class UsLetterLife extends LitElement {
  static properties = {
    campaign: { attribute: false },
    failure: { state: true },
    message: { state: true },
    preview: { state: true },
    busy: { state: true },
  };

  static styles = [
    shared,
    css`
      .fingerprint {
        font-family: ui-monospace, monospace;
        overflow-wrap: anywhere;
      }
      .preview {
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 0.75rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  campaign!: Campaign;
  failure = "";
  message = "";
  preview: { input: UpdateCreateRequest; result: UpdatePreview } | null = null;
  busy = false;

  private readonly delivery = new Task(this, {
    task: ([slug, status], { signal }) => (status === "delivered" ? api<Delivery>(`/campaigns/${slug}/delivery`, { signal }) : Promise.resolve(null)),
    args: () => [this.campaign.slug, this.campaign.status],
  });

  private readonly responses = new Task(this, {
    task: ([slug], { signal }) => api<ResponseList>(`/campaigns/${slug}/responses`, { signal }),
    args: () => [this.campaign.slug],
  });

  private readonly updates = new Task(this, {
    task: ([slug], { signal }) => api<UpdateList>(`/campaigns/${slug}/updates`, { signal }),
    args: () => [this.campaign.slug],
  });

  /** The campaign's languages: its own first, then its translations. */
  private get languages(): Locale[] {
    const translated = LOCALES.filter((lang) => lang !== this.campaign.language && this.campaign.translations[lang]);
    return [this.campaign.language, ...translated];
  }

  render() {
    return html`${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      <section class="card" aria-labelledby="delivery-title">
        <h3 id="delivery-title">${msg("deliveryTitle")}</h3>
        ${this.delivery.render({ complete: (delivery) => (delivery ? this.renderDelivery(delivery) : this.renderDeliverForm()) })}
      </section>
      ${this.campaign.status === "delivered" ? this.renderResponses() : nothing}
      <section class="card" aria-labelledby="updates-title">
        <h3 id="updates-title">${msg("updatesTitle")}</h3>
        <p class="muted">${msg("updatesLead")}</p>
        ${this.renderUpdateForm()} ${this.preview ? this.renderPreview(this.preview.result) : nothing}
        ${this.updates.render({
          complete: ({ items }) =>
            items.length
              ? html`<ul>
                  ${items.map(
                    (update) =>
                      html`<li>
                        ${update.subject[this.campaign.language] ?? Object.values(update.subject)[0]} ·
                        ${msg(update.status === "sent" ? "updateSent" : "updateSending", { queued: update.queued, recipients: update.recipients })}
                        · ${new Date(update.createdAt).toLocaleString()}
                      </li>`,
                  )}
                </ul>`
              : nothing,
        })}
      </section>`;
  }

  private renderDelivery(delivery: Delivery) {
    return html`<p>${msg("deliveredOn", { date: new Date(delivery.deliveredAt).toLocaleString(), recipients: delivery.recipients.join(", "), count: delivery.count })}</p>
      <p>${msg("deliveryFingerprint")} <span class="fingerprint">${delivery.fingerprint}</span></p>
      <p><a href=${delivery.canonicalUrl}>${msg("deliveryCanonical")}</a></p>`;
  }

  private renderDeliverForm() {
    return html`<p class="muted">${msg("deliverLead")}</p>
      <form @submit=${this.deliver}>
        <label>${msg("deliveryRecipients")}<textarea name="recipients" required></textarea></label>
        <label
          >${msg("deliveryMethod")}<select name="method">
            ${DELIVERY_METHODS.map((method) => html`<option value=${method}>${msg(METHOD_LABELS[method])}</option>`)}
          </select></label
        >
        <label>${msg("deliveryDate")}<input name="deliveredAt" type="datetime-local" /></label>
        <label>${msg("deliveryNote")}<input name="note" /></label>
        <button type="submit" ?disabled=${this.busy}>${msg("deliverButton")}</button>
      </form>`;
  }

  private renderResponses() {
    return html`<section class="card" aria-labelledby="responses-title">
      <h3 id="responses-title">${msg("responsesTitle")}</h3>
      ${this.responses.render({
        complete: ({ items }) =>
          html`<ul>
            ${items.map((response) => html`<li><strong>${response.respondent}</strong> (${response.respondedOn}): ${Object.values(response.summary)[0]}</li>`)}
          </ul>`,
      })}
      <form @submit=${this.recordResponse}>
        <label>${msg("responseFrom")}<input name="respondent" required /></label>
        <label>${msg("responseDate")}<input name="respondedOn" type="date" required /></label>
        ${this.languages.map((lang) => html`<label>${msg("responseSummary", { lang })}<textarea name="summary-${lang}"></textarea></label>`)}
        <label>${msg("responseLink")}<input name="url" type="url" /></label>
        <button type="submit" ?disabled=${this.busy}>${msg("responseRecord")}</button>
      </form>
    </section>`;
  }

  private renderUpdateForm() {
    return html`<form @submit=${this.previewUpdate}>
      ${this.languages.map(
        (lang) =>
          html`<fieldset>
            <legend>${lang}</legend>
            <label>${msg("updateSubject")}<input name="subject-${lang}" /></label>
            <label>${msg("updateBody")}<textarea name="body-${lang}" rows="6"></textarea></label>
          </fieldset>`,
      )}
      <button type="submit" class="secondary" ?disabled=${this.busy}>${msg("updatePreview")}</button>
    </form>`;
  }

  private renderPreview(result: UpdatePreview) {
    return html`<div role="status">
      <p>${msgCount("updateReach", result.recipients)}</p>
      ${result.preview.map(
        (email) => html`<h4 lang=${email.lang}>${email.subject}</h4>
          <pre class="preview" lang=${email.lang}>${email.text}</pre>`,
      )}
      <button ?disabled=${this.busy || !result.recipients} @click=${this.sendUpdate}>${msgCount("updateSend", result.recipients)}</button>
    </div>`;
  }

  private async run(work: () => Promise<void>) {
    this.busy = true;
    this.failure = "";
    this.message = "";
    try {
      await work();
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    } finally {
      this.busy = false;
    }
  }

  private deliver(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    if (!confirm(msg("deliverConfirm"))) return;
    const when = String(form.get("deliveredAt") ?? "");
    const note = String(form.get("note") ?? "").trim();
    const body = {
      recipients: lines(String(form.get("recipients") ?? "")),
      method: form.get("method") as DeliveryCreateRequest["method"],
      ...(when ? { deliveredAt: new Date(when).toISOString() } : {}),
      ...(note ? { note } : {}),
    } satisfies DeliveryCreateRequest;
    return this.run(async () => {
      await api(`/campaigns/${this.campaign.slug}/delivery`, { method: "POST", body });
      this.message = msg("delivered");
      this.dispatchEvent(new CustomEvent("campaign-saved", { detail: { slug: this.campaign.slug }, bubbles: true, composed: true }));
    });
  }

  private recordResponse(event: SubmitEvent) {
    event.preventDefault();
    const element = event.target as HTMLFormElement;
    const form = new FormData(element);
    const url = String(form.get("url") ?? "").trim();
    const body = {
      respondent: String(form.get("respondent") ?? ""),
      respondedOn: String(form.get("respondedOn") ?? ""),
      summary: perLanguage(form, "summary"),
      ...(url ? { url } : {}),
    } satisfies ResponseCreateRequest;
    return this.run(async () => {
      await api(`/campaigns/${this.campaign.slug}/responses`, { method: "POST", body });
      element.reset();
      this.message = msg("responseRecorded");
      this.responses.run();
    });
  }

  private previewUpdate(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const input = { subject: perLanguage(form, "subject"), body: perLanguage(form, "body") } satisfies UpdateCreateRequest;
    return this.run(async () => {
      const result = await api<UpdatePreview>(`/campaigns/${this.campaign.slug}/updates`, { method: "POST", body: { ...input, dryRun: true } });
      this.preview = { input, result };
    });
  }

  private sendUpdate() {
    const input = this.preview?.input;
    if (!input) return;
    return this.run(async () => {
      await api(`/campaigns/${this.campaign.slug}/updates`, { method: "POST", body: input });
      this.preview = null;
      this.message = msg("updateQueued");
      this.updates.run();
    });
  }
}
