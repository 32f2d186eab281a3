import { Task } from "@lit/task";
import { css, html, LitElement } from "lit";
import { PARTNER_PATTERN, roleAllows } from "../contract/constants";
import { api, ApiError, type Campaign, type CampaignPatchRequest, type Embedding, type OrganizerRole } from "./api";
import { lang, msg } from "./messages";
import { shared } from "./styles";

const seenAt = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

/** A field focused is selected whole: a link or snippet is copied entire or not at all. */
const select = (event: FocusEvent) => (event.target as HTMLInputElement | HTMLTextAreaElement).select();

/**
 * What organizers hand partners: the campaign's own page and the snippet that embeds it, each with
 * a copy button; and the sites that tried to show it without being allowed, which an editor can
 * allow from here.
 *
 * @fires campaign-saved - after an editor allowed a site (the campaign's allowed origins changed)
 */
export class UsSharePanel extends LitElement {
  static properties = {
    campaign: { attribute: false },
    role: { type: String },
    copied: { state: true },
    failure: { state: true },
    partner: { state: true },
  };

  static styles = [
    shared,
    css`
      textarea,
      input {
        font-family: ui-monospace, monospace;
        font-size: 0.875rem;
      }
      textarea {
        min-height: 4.5rem;
      }
      table {
        border-collapse: collapse;
      }
      td,
      th {
        padding: 0.3rem 0.75rem 0.3rem 0;
        text-align: left;
        overflow-wrap: anywhere;
      }
    `,
  ];

  declare campaign: Campaign;
  role: OrganizerRole = "viewer";
  /** Which field was just copied: its button says so. */
  copied = "";
  failure = "";
  /** The partner name typed for a snippet of its own, as typed. */
  partner = "";

  private readonly embedding = new Task(this, {
    task: ([slug], { signal }) => api<Embedding>(`/campaigns/${slug}/embedding`, { signal }),
    args: () => [this.campaign.slug],
  });

  render() {
    return this.embedding.render({
      pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
      error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
      complete: (embedding) => this.renderEmbedding(embedding),
    });
  }

  private renderEmbedding({ pageUrl, snippet, refusedOrigins }: Embedding) {
    const editor = roleAllows(this.role, "editor");
    return html`<div class="card">
        <h3>${msg("shareTitle")}</h3>
        <label>${msg("sharePage")}<input id="page-url" readonly .value=${pageUrl} @focus=${select} /></label>
        <div class="row">
          <button class="secondary" @click=${() => this.copy("page-url", pageUrl)}>${msg(this.copied === "page-url" ? "copied" : "copyLink")}</button>
          <a href=${pageUrl} target="_blank" rel="noopener">${msg("shareOpen")}</a>
        </div>
      </div>
      <div class="card">
        <h3>${msg("embedTitle")}</h3>
        <p class="muted">${msg("embedLead")}</p>
        <label>${msg("embedSnippet")}<textarea id="snippet" readonly rows="4" .value=${snippet} @focus=${select}></textarea></label>
        <button class="secondary" @click=${() => this.copy("snippet", snippet)}>${msg(this.copied === "snippet" ? "copied" : "copySnippet")}</button>
        <p class="muted">${msg("embedAllowed", { origins: this.campaign.allowedOrigins.join(", ") || msg("embedNoOrigins") })}</p>
      </div>
      ${this.renderPartnerSnippet(pageUrl, snippet)}
      <div class="card">
        <h3>${msg("refusedTitle")}</h3>
        ${refusedOrigins.length
          ? html`<p class="muted">${msg("refusedLead")}</p>
              <table>
                <thead>
                  <tr>
                    <th scope="col">${msg("refusedOrigin")}</th>
                    <th scope="col">${msg("refusedLastSeen")}</th>
                    ${editor ? html`<th scope="col"><span class="muted">${msg("refusedAction")}</span></th>` : ""}
                  </tr>
                </thead>
                <tbody>
                  ${refusedOrigins.map(
                    (refused) =>
                      html`<tr>
                        <th scope="row">${refused.origin}</th>
                        <td>${seenAt.format(new Date(refused.lastSeenAt))}</td>
                        ${editor ? html`<td><button class="secondary" @click=${() => this.allow(refused.origin)}>${msg("allowOrigin")}</button></td>` : ""}
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : html`<p class="muted">${msg("refusedNone")}</p>`}
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
      </div>`;
  }

  /**
   * A partner's own link (`?ref=`) and snippet (`partner="…"`): the sign-ons it brings are counted
   * under its name. Shown once the name is one the API takes.
   */
  private renderPartnerSnippet(pageUrl: string, snippet: string) {
    const name = this.partner.trim().toLowerCase();
    const valid = PARTNER_PATTERN.test(name);
    const link = `${pageUrl}?ref=${name}`;
    const partnerSnippet = snippet.replace('"></undersigned-campaign>', `" partner="${name}"></undersigned-campaign>`);
    return html`<div class="card">
      <h3>${msg("partnerSnippetTitle")}</h3>
      <p class="muted">${msg("partnerSnippetLead")}</p>
      <label
        >${msg("partnerName")}<input
          id="partner-name"
          autocomplete="off"
          spellcheck="false"
          aria-invalid=${name && !valid ? "true" : "false"}
          aria-describedby="partner-name-error"
          .value=${this.partner}
          @input=${(event: InputEvent) => {
            this.partner = (event.target as HTMLInputElement).value;
            this.copied = "";
          }}
      /></label>
      <p id="partner-name-error" class="error" role="alert">${name && !valid ? msg("partnerNameInvalid") : ""}</p>
      ${valid
        ? html`<label>${msg("partnerLink")}<input id="partner-url" readonly .value=${link} @focus=${select} /></label>
            <button class="secondary" @click=${() => this.copy("partner-url", link)}>${msg(this.copied === "partner-url" ? "copied" : "copyLink")}</button>
            <label>${msg("partnerSnippet")}<textarea id="partner-snippet" readonly rows="4" .value=${partnerSnippet} @focus=${select}></textarea></label>
            <button class="secondary" @click=${() => this.copy("partner-snippet", partnerSnippet)}>${msg(this.copied === "partner-snippet" ? "copied" : "copySnippet")}</button>`
        : ""}
    </div>`;
  }

  /** To the clipboard; where the browser refuses, the field is selected for the organizer to copy. */
  private async copy(field: string, text: string) {
    try {
      await navigator.clipboard.writeText(text);
      this.copied = field;
    } catch {
      this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${field}`)?.select();
    }
  }

  private async allow(origin: string) {
    this.failure = "";
    try {
      const allowedOrigins = [...this.campaign.allowedOrigins.filter((allowed) => allowed !== origin), origin];
      await api(`/campaigns/${this.campaign.slug}`, { method: "PATCH", body: { allowedOrigins } satisfies CampaignPatchRequest });
      this.dispatchEvent(new CustomEvent("campaign-saved", { detail: { slug: this.campaign.slug }, bubbles: true, composed: true }));
      this.embedding.run();
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
  }
}
