import { Task } from "@lit/task";
import { css, html, LitElement } from "lit";
import { api, ApiError, type Signature } from "./api";
import { msg, type MessageKey } from "./messages";
import { shared } from "./styles";

const FILTERS: Array<[string, MessageKey]> = [
  ["held", "statusHeld"],
  ["pending", "statusPending"],
  ["published", "statusPublished"],
  ["rejected", "statusRejected"],
  ["withdrawn", "statusWithdrawn"],
  ["", "allStatuses"],
];

interface Page {
  items: Signature[];
  nextCursor: string | null;
}

/**
 * The review queue of one campaign: filter by status, approve, reject, correct public fields,
 * merge possible duplicates or keep both.
 *
 * @csspart item - one signature
 * @csspart signal - an authenticity or duplicate note
 */
export class UsSignatureReview extends LitElement {
  static properties = {
    slug: { type: String },
    version: { type: Number },
    status: { state: true },
    query: { state: true },
    editing: { state: true },
    failure: { state: true },
    extra: { state: true },
  };

  static styles = [
    shared,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        margin: 0 0 0.75rem;
      }
      .signal {
        display: inline-block;
        font-size: 0.8rem;
        padding: 0.1rem 0.45rem;
        border-radius: 999px;
        border: 1px solid var(--_border);
        margin: 0.15rem 0.25rem 0 0;
      }
      .signal.warn {
        border-color: var(--_danger);
        color: var(--_danger);
      }
      h3 {
        margin: 0 0 0.25rem;
        font-size: 1rem;
      }
    `,
  ];

  slug = "";
  version = 1;
  status = "held";
  query = "";
  editing = "";
  failure = "";
  /** Rows of the pages after the first, loaded with "Show more". */
  extra: Signature[] = [];
  private cursor: string | null = null;

  private readonly page = new Task(this, {
    task: async ([slug, status, query], { signal }) => {
      const params = new URLSearchParams({ limit: "50" });
      if (status) params.set("status", status);
      if (query) params.set("q", query);
      const page = await api<Page>(`/campaigns/${slug}/signatures?${params}`, { signal });
      this.extra = [];
      this.cursor = page.nextCursor;
      return page;
    },
    args: () => [this.slug, this.status, this.query] as const,
  });

  render() {
    return html`<div class="card row" role="search">
        <label
          >${msg("filterStatus")}<select @change=${(event: Event) => (this.status = (event.target as HTMLSelectElement).value)}>
            ${FILTERS.map(([value, label]) => html`<option value=${value} ?selected=${this.status === value}>${msg(label)}</option>`)}
          </select></label
        >
        <label>${msg("search")}<input type="search" .value=${this.query} @change=${(event: Event) => (this.query = (event.target as HTMLInputElement).value)} /></label>
      </div>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
      ${this.page.render({
        pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
        error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
        complete: (page) => {
          const rows = [...page.items, ...this.extra];
          return rows.length
            ? html`<ol>
                  ${rows.map((signature) => this.renderSignature(signature))}
                </ol>
                ${this.cursor ? html`<button class="secondary" @click=${this.loadMore}>${msg("more")}</button>` : ""}`
            : html`<p class="muted">${msg("noSignatures")}</p>`;
        },
      })}`;
  }

  private renderSignature(s: Signature) {
    const place = [s.city, s.region, s.country].filter(Boolean).join(", ");
    return html`<li class="card" part="item" data-id=${s.id}>
      <h3>${s.name}</h3>
      <p class="muted">${[place, s.website, s.members.length ? s.members.join("; ") : ""].filter(Boolean).join(" · ")}</p>
      <p>${msg("contact")}: ${[s.contactName, s.contactTitle, s.email].filter(Boolean).join(", ")}</p>
      <p class="muted">${s.status}${s.heldReason ? ` (${s.heldReason})` : ""}${s.rejectedReason ? ` (${s.rejectedReason})` : ""} · ${new Date(s.createdAt).toLocaleString()} · ${msg("source", { source: s.source })}</p>
      <div>
        ${s.signals.domainMatchesWebsite ? html`<span class="signal" part="signal">${msg("domainMatches")}</span>` : ""}
        ${s.signals.freeMail ? html`<span class="signal warn" part="signal">${msg("freeMail")}</span>` : ""}
        ${s.signedOlderVersion ? html`<span class="signal warn" part="signal">${msg("olderVersion", { version: s.letterVersion })}</span>` : ""}
        ${s.duplicates.length
          ? html`<span class="signal warn" part="signal">${msg("possibleDuplicate", { names: s.duplicates.map((d) => d.name).join(", ") })}</span>`
          : ""}
      </div>
      ${this.editing === s.id ? this.renderEditor(s) : this.renderActions(s)}
    </li>`;
  }

  private renderActions(s: Signature) {
    const live = !["rejected", "withdrawn"].includes(s.status);
    return html`<div class="row" style="margin-top:.5rem">
      ${["held", "verified"].includes(s.status) ? html`<button @click=${() => this.act(s, "approve")}>${msg("approve")}</button>` : ""}
      ${live ? html`<button class="danger" @click=${() => this.act(s, "reject")}>${msg("reject")}</button>` : ""}
      <button class="secondary" @click=${() => (this.editing = s.id)}>${msg("edit")}</button>
      ${live
        ? s.duplicates.map((d) => html`<button class="secondary" @click=${() => this.act(s, "merge", { into: d.id })}>${msg("merge", { name: d.name })}</button>`)
        : ""}
      ${live && s.duplicates.length ? html`<button class="secondary" @click=${() => this.act(s, "keep-both")}>${msg("keepBoth")}</button>` : ""}
    </div>`;
  }

  private renderEditor(s: Signature) {
    return html`<form @submit=${(event: SubmitEvent) => this.saveEdit(event, s)}>
      <label>${msg("name")}<input name="name" required .value=${s.name} /></label>
      <label>${msg("city")}<input name="city" .value=${s.city ?? ""} /></label>
      <label>${msg("region")}<input name="region" .value=${s.region ?? ""} /></label>
      <label>${msg("country")}<input name="country" maxlength="2" .value=${s.country ?? ""} /></label>
      <label>${msg("website")}<input name="website" .value=${s.website ?? ""} /></label>
      <label>${msg("members")}<textarea name="members" .value=${s.members.join("\n")}></textarea></label>
      <div class="row">
        <button type="submit">${msg("save")}</button>
        <button type="button" class="secondary" @click=${() => (this.editing = "")}>${msg("cancel")}</button>
      </div>
    </form>`;
  }

  private async act(s: Signature, action: string, body: unknown = {}) {
    await this.call(() => api(`/campaigns/${this.slug}/signatures/${s.id}/${action}`, { method: "POST", body }));
  }

  private async saveEdit(event: SubmitEvent, s: Signature) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    const body = {
      name: String(form.get("name") ?? "").trim(),
      city: text("city"),
      region: text("region"),
      country: text("country"),
      website: text("website"),
      members: String(form.get("members") ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    };
    await this.call(() => api(`/campaigns/${this.slug}/signatures/${s.id}`, { method: "PATCH", body }));
    this.editing = "";
  }

  private async call(action: () => Promise<unknown>) {
    this.failure = "";
    try {
      await action();
      this.page.run();
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
  }

  private async loadMore() {
    if (!this.cursor) return;
    const params = new URLSearchParams({ limit: "50", cursor: this.cursor });
    if (this.status) params.set("status", this.status);
    if (this.query) params.set("q", this.query);
    const page = await api<Page>(`/campaigns/${this.slug}/signatures?${params}`);
    this.cursor = page.nextCursor;
    this.extra = [...this.extra, ...page.items];
  }
}
