import { html, nothing, type TemplateResult } from "lit";
import { ApiError, signOn, type Campaign } from "./api";
import { countryMenu } from "./countries";
import { CampaignElement } from "./element";
import { errorMessage, t, type Locale, type MessageKey } from "./i18n";
import { base, css } from "./styles";
import type { SignOnRequest } from "../contract";
import { PARTNER_PATTERN } from "../contract/constants";
import type { Notice } from "./signed";
import type { Challenge } from "./turnstile";

type Kind = Campaign["signerKinds"][number];

interface Field {
  /** The API's field name, also the control's `name` and `id`. */
  name: string;
  label: MessageKey;
  required?: boolean;
  type?: "email" | "url" | "country" | "lines" | "check";
  autocomplete?: string;
  hint?: MessageKey;
}

const PUBLIC_FIELDS: Record<Kind, Field[]> = {
  organization: [{ name: "organization", label: "organization", required: true, autocomplete: "organization" }],
  individual: [
    { name: "name", label: "name", required: true, autocomplete: "name" },
    { name: "affiliation", label: "affiliation", autocomplete: "organization" },
  ],
};

const PLACE_FIELDS: Field[] = [
  { name: "website", label: "website", type: "url", autocomplete: "url" },
  { name: "city", label: "city", autocomplete: "address-level2" },
  { name: "region", label: "region", autocomplete: "address-level1" },
  { name: "country", label: "country", type: "country", autocomplete: "country" },
];

const MEMBERS_FIELD: Field = { name: "members", label: "coalitionMembers", type: "lines", hint: "membersHint" };

const CONTACT_FIELDS: Record<Kind, Field[]> = {
  organization: [
    { name: "contactName", label: "contactName", required: true, autocomplete: "name" },
    { name: "contactTitle", label: "contactTitle", autocomplete: "organization-title" },
  ],
  individual: [],
};

const EMAIL_FIELD: Field = { name: "email", label: "email", required: true, type: "email", autocomplete: "email", hint: "emailHint" };

/** Unchecked until the signer checks them: each is a choice they make, never a default. */
const UNNAMED_FIELD: Field = { name: "unnamed", label: "unnamed", type: "check" };
const CONSENT_FIELD: Field = { name: "coalitionConsent", label: "coalitionConsent", type: "check" };

/**
 * How long after the form appeared it may be sent: the API takes one sent within 3 s for a bot's
 * (MIN_FILL_TIME_MS, worker/routes/campaigns.ts); a little more, as timers round.
 */
const SEND_AFTER_MS = 3050;

const authorizedField = (kind: Kind): Field => ({
  name: "authorized",
  label: kind === "organization" ? "authorizedOrganization" : "authorizedIndividual",
  required: true,
  type: "check",
});

/**
 * The sign-on form. Each control's `name` is the API's field name. Errors from the API appear next
 * to their field, focus moves to the first, and what was typed stays; after a successful submit
 * the signer is told to check their email, and can send the link again, and is offered ways to ask
 * other organizations to sign (./signed.ts, loaded only then).
 *
 * @attr campaign - the campaign's slug
 * @attr api - the API origin; defaults to the origin this script was loaded from
 * @attr lang - `en`, `es` or `fr`; defaults to the page's `<html lang>`
 * @attr partner - the partner's short name (`[a-z0-9-]{1,40}`), sent with each sign-on and added to the shared link as `?ref=`
 * @fires undersigned-signed - after a sign-on was accepted; `detail`: `{ campaign, kind }`
 * @fires undersigned-error - when a sign-on failed; `detail`: `{ campaign, status, problem }` (`status` 0: network)
 * @csspart heading - the form's heading
 * @csspart form - the `<form>`
 * @csspart field - one label, hint, control and error
 * @csspart label - a control's label
 * @csspart error - a field's error message
 * @csspart submit - the submit button
 * @csspart pending - the "check your email" panel
 * @csspart invite - the "ask others to sign" panel under it
 * @cssprop --undersigned-accent - buttons and focus
 * @cssprop --undersigned-error - error messages and invalid fields
 */
export class UndersignedForm extends CampaignElement {
  static properties = {
    partner: {},
    kind: { state: true },
    errors: { state: true },
    problem: { state: true },
    sending: { state: true },
    sentTo: { state: true },
    notice: { state: true },
  };

  static styles = [
    base,
    css`
      fieldset {
        border: 0;
        margin: 0 0 1em;
        padding: 0;
        display: grid;
        gap: 0.75em;
      }
      legend {
        font-weight: 650;
        padding: 0 0 0.5em;
      }
      label {
        font-weight: 600;
      }
      .hint {
        font-size: 0.875em;
        margin: 0 0 0.25em;
      }
      .required {
        color: var(--undersigned-error, #b3261e);
      }
      [aria-invalid="true"] {
        border-color: var(--undersigned-error, #b3261e);
        border-width: 2px;
      }
      .field > .alert {
        margin: 0.25em 0 0;
      }
      .choice {
        display: flex;
        gap: 0.5em;
        align-items: flex-start;
      }
      .choice input {
        inline-size: auto;
        margin-block-start: 0.3em;
      }
      .trap {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      [part="invite"] {
        margin-block-start: 2em;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 1em;
        margin-block-start: 0.75em;
      }
    `,
  ];

  declare partner: string | undefined;
  declare kind: Kind | undefined;
  declare errors: Map<string, MessageKey>;
  declare problem: { key: MessageKey; values?: Record<string, number> } | undefined;
  declare sending: boolean;
  /** The address the link went to: the "check your email" state. */
  declare sentTo: string | undefined;
  /** What the status line under the "check your email" panel says. */
  declare notice: Notice | undefined;

  /** When the form appeared: the API treats a form sent within seconds as a bot's. */
  #shownAt = 0;
  /** The chosen country's code: another language re-sorts the options, and Lit would keep the position. */
  #country = "";
  readonly #countries = countryMenu(this, () => this.#country);
  #lastBody: SignOnRequest | undefined;
  #sentAt = "";
  /** The Turnstile challenge, when the campaign requires one: "" while it loads. */
  #challenge: Challenge | "" | undefined;
  /** What follows an accepted sign-on, loaded with the first. */
  #signed?: typeof import("./signed");

  constructor() {
    super();
    this.errors = new Map();
    this.sending = false;
  }

  /** The partner's short name as the API takes it; anything else is not sent, rather than refuse the signer. */
  get #partner() {
    const partner = this.partner?.toLowerCase();
    return partner && PARTNER_PATTERN.test(partner) ? partner : undefined;
  }

  protected updated() {
    const campaign = this.loaded.value;
    if (!campaign) return;
    this.#shownAt ||= performance.now();
    const container = this.renderRoot.querySelector<HTMLElement>(".challenge");
    if (campaign.turnstileSiteKey && container && this.#challenge === undefined) {
      this.#challenge = "";
      import("./turnstile")
        .then(({ renderChallenge }) => renderChallenge(container, campaign.turnstileSiteKey!, this.i18n.locale))
        .then(
          (challenge) => (this.#challenge = challenge),
          () => (this.problem = { key: "challenge_required" }),
        );
    }
  }

  /** The sign-on as the API reads it: the form's controls are named after the contract's fields. */
  #bodyOf(form: HTMLFormElement, kind: Kind): SignOnRequest {
    const body: Record<string, unknown> = {
      kind,
      locale: this.i18n.locale,
      fillTimeMs: Math.round(performance.now() - this.#shownAt),
    };
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (!text) continue;
      if (name === "members") body.members = text.split("\n").map((member) => member.trim()).filter(Boolean);
      // A checked box is the API's `true` (`authorized`, `unnamed`, `coalitionConsent`); an unchecked one is absent.
      else body[name] = (form.elements.namedItem(name) as HTMLInputElement).type === "checkbox" || text;
    }
    if (this.#partner) body.partner = this.#partner;
    // An individual is their own contact.
    if (kind === "individual") body.contactName = body.name;
    if (this.#challenge) body.turnstileToken = this.#challenge.token;
    return body as SignOnRequest;
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const campaign = this.loaded.value;
    if (this.sending || !campaign) return;
    // The event forgets its target once dispatched: its target is in a shadow tree.
    const form = event.target as HTMLFormElement;
    // A person that quick (autofill) would be dropped unheard: the form waits out the rest, busy.
    this.sending = true;
    await new Promise((resolve) => setTimeout(resolve, this.#shownAt + SEND_AFTER_MS - performance.now()));
    await this.#send(this.#bodyOf(form, this.kind ?? campaign.signerKinds[0]));
  }

  async #send(body: SignOnRequest) {
    this.sending = true;
    this.problem = undefined;
    this.errors = new Map();
    const resending = body === this.#lastBody;
    this.#lastBody = body;
    try {
      const accepted = await signOn(this.origin, this.campaign, body);
      this.#signed ??= await import("./signed");
      this.sentTo = String(body.email);
      this.#sentAt = accepted.emailSentAt;
      this.notice = resending ? accepted.emailSent : undefined;
      this.emit("undersigned-signed", { campaign: this.campaign, kind: body.kind });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("[part=pending] h2")?.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.#fail(error, body.kind ?? "organization");
    } finally {
      this.sending = false;
      if (this.#challenge) this.#challenge.reset();
    }
  }

  async #fail(error: ApiError, kind: Kind) {
    this.sentTo = undefined;
    const errors = new Map<string, MessageKey>();
    let unplaced: MessageKey | undefined;
    for (const { field, code } of error.problem?.errors ?? []) {
      // `members.2` is a line of the members box; an individual's contact name is their name.
      const name = kind === "individual" && field === "contactName" ? "name" : field.split(".")[0];
      // Most of the API's error codes have their own message: `required`, `invalid_email`…
      const message: MessageKey = name === "authorized" ? "mustAuthorize" : (errorMessage(code) ?? "invalidField");
      if (this.renderRoot.querySelector(`[name="${CSS.escape(name)}"]`)) errors.set(name, errors.get(name) ?? message);
      else unplaced ??= message;
    }
    this.errors = errors;
    const status = error.status;
    this.problem =
      status === 422
        ? { key: unplaced ?? "fixFields" }
        : status === 429
          ? { key: "rateLimited", values: { seconds: error.retryAfterSeconds ?? 60 } }
          : status === 503
            ? { key: "unavailable" }
            : status === 409
              ? { key: "closed" }
              : { key: status === 0 ? "network" : "failed" };
    this.emit("undersigned-error", { campaign: this.campaign, status, problem: error.problem });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  async #edit() {
    this.sentTo = undefined;
    await this.updateComplete;
    this.focus();
  }

  /** Focuses the form's first control (the campaign's "Sign this letter" leads here), scrolling it into view. */
  override focus(options?: FocusOptions) {
    this.renderRoot.querySelector<HTMLElement>("input:not([tabindex])")?.focus(options);
  }

  #clearError(event: Event) {
    const name = (event.target as HTMLInputElement).name;
    if (!this.errors.has(name)) return;
    this.errors = new Map([...this.errors].filter(([field]) => field !== name));
  }

  #renderField(locale: Locale, field: Field) {
    const { name, type } = field;
    const error = this.errors.get(name);
    const invalid = error ? "true" : nothing;
    const described = [field.hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || nothing;
    let control: TemplateResult;
    if (type === "country") {
      control = html`<select
        id=${name}
        name=${name}
        autocomplete="country"
        aria-invalid=${invalid}
        aria-describedby=${described}
        @change=${(event: Event) => (this.#country = (event.target as HTMLSelectElement).value)}
      >
        <option value="">${t(locale, "chooseCountry")}</option>
        ${this.#countries(locale)}
      </select>`;
    } else if (type === "lines") {
      control = html`<textarea id=${name} name=${name} rows="3" aria-invalid=${invalid} aria-describedby=${described}></textarea>`;
    } else {
      control = html`<input
        id=${name}
        name=${name}
        type=${type === "check" ? "checkbox" : type === "email" ? "email" : "text"}
        inputmode=${type === "url" ? "url" : nothing}
        autocomplete=${field.autocomplete ?? nothing}
        ?required=${field.required}
        aria-invalid=${invalid}
        aria-describedby=${described}
      />`;
    }
    const label = html`<label for=${name} part="label"
      >${t(locale, field.label)}${field.required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label
    >`;
    return html`<div class="field" part="field">
      ${type === "check" ? html`<div class="choice">${control}${label}</div>` : label}
      ${field.hint ? html`<p id="${name}-hint" class="hint muted">${t(locale, field.hint)}</p>` : nothing}
      ${type === "check" ? nothing : control}
      ${error ? html`<p id="${name}-error" class="alert" part="error">${t(locale, error)}</p>` : nothing}
    </div>`;
  }

  #renderForm(locale: Locale, campaign: Campaign) {
    const kinds = campaign.signerKinds;
    const kind = this.kind ?? kinds[0];
    const field = (definition: Field) => this.#renderField(locale, definition);
    return html`<h2 part="heading">${t(locale, "signTitle")}</h2>
      <p class="muted">${t(locale, "requiredNote")}</p>
      <form part="form" novalidate @submit=${this.#submit} @input=${this.#clearError}>
        ${kinds.length > 1
          ? html`<fieldset>
              <legend>${t(locale, "kind")}</legend>
              <div class="row">
                ${kinds.map(
                  (option) => html`<label class="choice"
                    ><input type="radio" name="kind" value=${option} .checked=${option === kind} @change=${() => (this.kind = option)} />
                    ${t(locale, option === "organization" ? "kindOrganization" : "kindIndividual")}</label
                  >`,
                )}
              </div>
            </fieldset>`
          : nothing}
        <fieldset>
          <legend>${t(locale, "publicPart")}</legend>
          ${PUBLIC_FIELDS[kind].map(field)} ${PLACE_FIELDS.map(field)} ${kind === "organization" ? field(MEMBERS_FIELD) : nothing} ${field(UNNAMED_FIELD)}
        </fieldset>
        <fieldset>
          <legend>${t(locale, "privatePart")}</legend>
          ${CONTACT_FIELDS[kind].map(field)} ${field(EMAIL_FIELD)} ${field(CONSENT_FIELD)}
        </fieldset>
        ${field(authorizedField(kind))}
        <div class="trap" aria-hidden="true">
          <label for="fax">${t(locale, "honeypot")}</label>
          <input id="fax" name="fax" tabindex="-1" autocomplete="off" />
        </div>
        ${campaign.turnstileSiteKey ? html`<div class="challenge" part="challenge"></div>` : nothing}
        <p class="alert" role="alert">${this.problem ? t(locale, this.problem.key, this.problem.values) : nothing}</p>
        <button type="submit" part="submit" ?disabled=${this.sending}>${t(locale, this.sending ? "sending" : "submit")}</button>
      </form>`;
  }

  #renderSigned(locale: Locale, campaign: Campaign) {
    const partner = this.#partner;
    return this.#signed!.signedPanel(html, {
      locale,
      email: this.sentTo!,
      sentAt: this.#sentAt,
      title: campaign.letter.title,
      link: `${this.origin}/c/${encodeURIComponent(this.campaign)}${partner ? `?ref=${partner}` : ""}`,
      sending: this.sending,
      notice: this.notice,
      resend: () => this.#send(this.#lastBody!),
      edit: () => this.#edit(),
      say: (notice) => (this.notice = notice),
    });
  }

  render() {
    const locale = this.i18n.locale;
    const campaign = this.loaded.value;
    if (!campaign) return html`<div class="root"><p class="muted">${t(locale, this.loaded.error ? this.failure : "loading")}</p></div>`;
    if (campaign.status !== "open") return html`<div class="root"><p>${campaign.delivery?.text ?? t(locale, "closed")}</p></div>`;
    // The form stays in the page while the "check your email" panel shows: editing keeps every value.
    return html`<div class="root">
      <div ?hidden=${!!this.sentTo}>${this.#renderForm(locale, campaign)}</div>
      ${this.sentTo ? this.#renderSigned(locale, campaign) : nothing}
    </div>`;
  }
}
