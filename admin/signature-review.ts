import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { api, ApiError, type ReviewPage as Page, type Signature, type SignaturePatchRequest } from "./api";
import { fieldMessage, msg, type MessageKey } from "./messages";
import { shared } from "./styles";
import { roleAllows, type OrganizerRole } from "../contract/constants";

const FILTERS: Array<[string, MessageKey]> = [
  ["held", "statusHeld"],
  ["correction", "correctionsWaiting"],
  ["pending", "statusPending"],
  ["published", "statusPublished"],
  ["rejected", "statusRejected"],
  ["withdrawn", "statusWithdrawn"],
  ["", "allStatuses"],
];

type Correctable = keyof SignaturePatchRequest;

/** The public fields the correction form shows for each kind of signer, by the API's names for them. */
const CORRECTABLE: Record<Signature["kind"], Array<[Correctable, MessageKey]>> = {
  organization: [
    ["name", "name"],
    ["city", "city"],
    ["region", "region"],
    ["country", "country"],
    ["website", "website"],
    ["members", "members"],
  ],
  individual: [
    ["name", "name"],
    ["affiliation", "affiliation"],
    ["city", "city"],
    ["region", "region"],
    ["country", "country"],
    ["website", "website"],
  ],
};

/** A rejection (or a merge, which rejects) waiting for the organizer's yes: it cannot be undone. */
type Confirming = { id: string; action: "reject" } | { id: string; action: "merge"; into: { id: string; name: string } };

/**
 * The review queue of one campaign: filter by status, approve, reject, correct public fields,
 * merge possible duplicates or keep both. Each action is announced, and the focus moves on to
 * the next entry.
 *
 * @fires signatures-changed - after a signature was approved, rejected or merged
 * @csspart item - one signature
 * @csspart signal - an authenticity or duplicate note
 */
export class UsSignatureReview extends LitElement {
  static properties = {
    slug: { type: String },
    version: { type: Number },
    role: { type: String },
    status: { state: true },
    query: { state: true },
    editing: { state: true },
    failure: { state: true },
    fieldErrors: { state: true },
    editFailure: { state: true },
    extra: { state: true },
    confirming: { state: true },
    notice: { state: true },
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
      .field-error {
        margin: -0.6rem 0 0.9rem;
      }
    `,
  ];

  slug = "";
  version = 1;
  /** The organizer's role: editors and owners may grant the mark of authenticity. */
  role: OrganizerRole = "reviewer";
  status = "held";
  query = "";
  editing = "";
  failure = "";
  /** What the API found wrong with the correction being edited, by field. */
  fieldErrors = new Map<string, MessageKey>();
  /** Why the correction failed, when no field of the form explains it. */
  editFailure = "";
  /** Rows of the pages after the first, loaded with "Show more". */
  extra: Signature[] = [];
  confirming: Confirming | null = null;
  /** What the last action did, for the status line. */
  notice = "";
  private cursor: string | null = null;

  private readonly page = new Task(this, {
    task: async ([slug, status, query], { signal }) => {
      const params = new URLSearchParams({ limit: "50" });
      // Corrections are asked for on entries of any status: a filter of their own.
      if (status === "correction") params.set("correction", "pending");
      else if (status) params.set("status", status);
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
      <p role="status">${this.notice}</p>
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
            : html`<p class="muted" id="empty" tabindex="-1">${msg("noSignatures")}</p>`;
        },
      })}`;
  }

  private renderSignature(s: Signature) {
    const place = [s.city, s.region, s.country].filter(Boolean).join(", ");
    const contact = [s.contactName, s.contactTitle, s.email].filter(Boolean).join(", ");
    return html`<li class="card" part="item" data-id=${s.id}>
      <h3 tabindex="-1">${s.name}</h3>
      <p class="muted">${[s.kind === "individual" ? msg("individualSigner") : "", s.affiliation, place, s.website, s.members.length ? s.members.join("; ") : ""].filter(Boolean).join(" · ")}</p>
      ${contact ? html`<p>${msg("contact", { contact })}</p>` : nothing}
      <p class="muted">${s.status}${s.heldReason ? ` (${s.heldReason})` : ""}${s.rejectedReason ? ` (${s.rejectedReason})` : ""} · ${new Date(s.createdAt).toLocaleString()} · ${msg("source", { source: s.source })}${s.partner ? ` · ${msg("partnerOf", { partner: s.partner })}` : ""}</p>
      <div>
        ${s.unnamed ? html`<span class="signal warn" part="signal">${msg("unnamedSigner")}</span>` : ""}
        ${s.authenticated ? html`<span class="signal" part="signal">${msg(s.authenticated === "domain" ? "markDomain" : "markOrganizer")}</span>` : ""}
        ${s.signals.domainMatchesWebsite ? html`<span class="signal" part="signal">${msg("domainMatches")}</span>` : ""}
        ${s.signals.freeMail ? html`<span class="signal warn" part="signal">${msg("freeMail")}</span>` : ""}
        ${s.heldReason === "possible-impersonation" ? html`<span class="signal warn" part="signal">${msg("possibleImpersonation")}</span>` : ""}
        ${s.signedOlderVersion ? html`<span class="signal warn" part="signal">${msg("olderVersion", { version: s.letterVersion })}</span>` : ""}
        ${s.duplicates.length
          ? html`<span class="signal warn" part="signal">${msg("possibleDuplicate", { names: s.duplicates.map((d) => d.name).join(", ") })}</span>`
          : ""}
      </div>
      ${s.pendingCorrection ? this.renderCorrection(s, s.pendingCorrection) : nothing}
      ${this.editing === s.id ? this.renderEditor(s) : this.confirming?.id === s.id ? this.renderConfirmation(s, this.confirming) : this.renderActions(s)}
    </li>`;
  }

  /** What the signer asked to change through their manage link, beside the entry as listed, and the decision. */
  private renderCorrection(s: Signature, correction: NonNullable<Signature["pendingCorrection"]>) {
    const fields = [correction.name, [correction.city, correction.region, correction.country].filter(Boolean).join(", "), correction.website, correction.members.join("; ")]
      .filter(Boolean)
      .join(" · ");
    return html`<div class="card" part="correction">
      <p>${msg("correctionWaits", { fields })} <span class="muted">(${new Date(correction.requestedAt).toLocaleString()})</span></p>
      ${correction.possibleImpersonation ? html`<span class="signal warn" part="signal">${msg("correctionImpersonation")}</span>` : nothing}
      <div class="row">
        <button aria-label=${msg("approveCorrectionNamed", { name: s.name })} @click=${() => this.act(s, "correction/approve", {}, msg("correctionApproved", { name: s.name }))}>
          ${msg("approveCorrection")}
        </button>
        <button class="secondary" aria-label=${msg("rejectCorrectionNamed", { name: s.name })} @click=${() => this.act(s, "correction/reject", {}, msg("correctionRejected", { name: s.name }))}>
          ${msg("rejectCorrection")}
        </button>
      </div>
    </div>`;
  }

  // Every entry has these buttons: each names its organization, so that a list of buttons (as a
  // screen reader shows one) says which is which.
  private renderActions(s: Signature) {
    const live = !["rejected", "withdrawn"].includes(s.status);
    const others = s.duplicates.map((d) => d.name).join(", ");
    return html`<div class="row" style="margin-top:.5rem">
      ${["held", "verified"].includes(s.status)
        ? html`<button aria-label=${msg("approveNamed", { name: s.name })} @click=${() => this.act(s, "approve", {}, msg("approved", { name: s.name }))}>
            ${msg("approve")}
          </button>`
        : ""}
      ${live
        ? html`<button class="danger" data-action="reject" aria-label=${msg("rejectNamed", { name: s.name })} @click=${() => this.confirm({ id: s.id, action: "reject" })}>
            ${msg("reject")}
          </button>`
        : ""}
      <button class="secondary" aria-label=${msg("editNamed", { name: s.name })} @click=${() => this.edit(s.id)}>${msg("edit")}</button>
      ${roleAllows(this.role, "editor") ? this.renderMarkAction(s) : ""}
      ${live
        ? s.duplicates.map(
            (d) =>
              html`<button class="secondary" data-action="merge:${d.id}" @click=${() => this.confirm({ id: s.id, action: "merge", into: d })}>
                ${msg("merge", { name: d.name })}
              </button>`,
          )
        : ""}
      ${live && s.duplicates.length
        ? html`<button
            class="secondary"
            aria-label=${msg("keepBothNamed", { name: s.name, others })}
            @click=${() => this.act(s, "keep-both", {}, msg("keptBoth", { name: s.name, others }))}
          >
            ${msg("keepBoth")}
          </button>`
        : ""}
    </div>`;
  }

  /** The organizers' own check: grant the public mark, or take any mark back. */
  private renderMarkAction(s: Signature) {
    const granted = s.authenticated !== null;
    return html`<button
      class="secondary"
      aria-label=${msg(granted ? "revokeMarkNamed" : "grantMarkNamed", { name: s.name })}
      @click=${() => this.act(s, "authenticity", { granted: !granted }, msg(granted ? "markRevoked" : "markGranted", { name: s.name }), "PUT")}
    >
      ${msg(granted ? "revokeMark" : "grantMark")}
    </button>`;
  }

  private renderConfirmation(s: Signature, confirming: Confirming) {
    const { question, label, run } =
      confirming.action === "reject"
        ? { question: msg("confirmReject", { name: s.name }), label: msg("reject"), run: () => this.act(s, "reject", {}, msg("rejectedNamed", { name: s.name })) }
        : {
            question: msg("confirmMerge", { name: s.name, into: confirming.into.name }),
            label: msg("mergeConfirm"),
            run: () => this.act(s, "merge", { into: confirming.into.id }, msg("merged", { name: s.name, into: confirming.into.name })),
          };
    return html`<div
      role="group"
      aria-labelledby="confirm-${s.id}"
      class="row"
      style="margin-top:.5rem"
      @keydown=${(event: KeyboardEvent) => event.key === "Escape" && this.cancelConfirmation()}
    >
      <p id="confirm-${s.id}">${question}</p>
      <button class="danger" @click=${run}>${label}</button>
      <button class="secondary" data-action="cancel" @click=${this.cancelConfirmation}>${msg("cancel")}</button>
    </div>`;
  }

  /** The least harmful choice takes the focus; the group's label asks the question. */
  private async confirm(confirming: Confirming) {
    this.confirming = confirming;
    await this.updateComplete;
    this.entryElement(confirming.id)?.querySelector<HTMLElement>('[data-action="cancel"]')?.focus();
  }

  /** Back to the button that asked. */
  private async cancelConfirmation() {
    const confirming = this.confirming;
    if (!confirming) return;
    this.confirming = null;
    await this.updateComplete;
    const trigger = confirming.action === "reject" ? "reject" : `merge:${confirming.into.id}`;
    this.entryElement(confirming.id)?.querySelector<HTMLElement>(`[data-action="${trigger}"]`)?.focus();
  }

  private entryElement(id: string) {
    return this.renderRoot.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`);
  }

  private renderEditor(s: Signature) {
    const values: Record<Correctable, string> = {
      name: s.name,
      affiliation: s.affiliation ?? "",
      city: s.city ?? "",
      region: s.region ?? "",
      country: s.country ?? "",
      website: s.website ?? "",
      members: s.members.join("\n"),
    };
    return html`<form @submit=${(event: SubmitEvent) => this.saveEdit(event, s)} @input=${this.clearFieldError}>
      ${CORRECTABLE[s.kind].map(([name, label]) => this.renderField(name, label, values[name]))}
      ${this.editFailure ? html`<p class="error" role="alert">${this.editFailure}</p>` : nothing}
      <div class="row">
        <button type="submit">${msg("save")}</button>
        <button type="button" class="secondary" @click=${() => this.edit("")}>${msg("cancel")}</button>
      </div>
    </form>`;
  }

  private renderField(name: Correctable, label: MessageKey, value: string) {
    const error = this.fieldErrors.get(name);
    const invalid = error ? "true" : nothing;
    const described = error ? `edit-${name}-error` : nothing;
    const control =
      name === "members"
        ? html`<textarea name=${name} .value=${value} aria-invalid=${invalid} aria-describedby=${described}></textarea>`
        : html`<input
            name=${name}
            ?required=${name === "name"}
            maxlength=${name === "country" ? 2 : nothing}
            .value=${value}
            aria-invalid=${invalid}
            aria-describedby=${described}
          />`;
    return html`<label>${msg(label)}${control}</label>
      ${error ? html`<p id="edit-${name}-error" class="error field-error">${msg(error)}</p>` : nothing}`;
  }

  private edit(id: string) {
    this.editing = id;
    this.fieldErrors = new Map();
    this.editFailure = "";
  }

  /** Typing in a field the API refused takes its error away; the others stay until the next save. */
  private clearFieldError(event: Event) {
    const name = (event.target as HTMLInputElement).name;
    if (this.fieldErrors.has(name)) this.fieldErrors = new Map([...this.fieldErrors].filter(([field]) => field !== name));
  }

  /**
   * Runs an action on one entry, says what it did, and moves the focus to the entry now in its
   * place (the next one, as a done entry usually leaves the list), or to the entry itself if it
   * stays or the action failed.
   */
  private async act(s: Signature, action: string, body: unknown, done: string, method: "POST" | "PUT" = "POST") {
    const index = [...(this.page.value?.items ?? []), ...this.extra].findIndex((row) => row.id === s.id);
    this.confirming = null;
    this.failure = "";
    this.notice = "";
    try {
      await api(`/campaigns/${this.slug}/signatures/${s.id}/${action}`, { method, body });
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
      await this.updateComplete;
      this.entryElement(s.id)?.querySelector("h3")?.focus();
      return;
    }
    if (action !== "keep-both" && action !== "authenticity") this.dispatchEvent(new CustomEvent("signatures-changed", { bubbles: true, composed: true }));
    await this.page.run();
    await this.updateComplete;
    this.notice = done;
    const headings = [...this.renderRoot.querySelectorAll<HTMLElement>("li[data-id] h3")];
    const target = this.entryElement(s.id)?.querySelector("h3") ?? headings[Math.min(index, headings.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>("#empty");
    target?.focus();
  }

  private async saveEdit(event: SubmitEvent, s: Signature) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    const body: SignaturePatchRequest = {
      name: String(form.get("name") ?? "").trim(),
      ...(s.kind === "individual" ? { affiliation: text("affiliation") } : {}),
      city: text("city"),
      region: text("region"),
      country: text("country"),
      website: text("website"),
      members: String(form.get("members") ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    };
    this.fieldErrors = new Map();
    this.editFailure = "";
    try {
      await api(`/campaigns/${this.slug}/signatures/${s.id}`, { method: "PATCH", body });
    } catch (error) {
      await this.showEditErrors(error, s);
      return;
    }
    this.edit("");
    this.page.run();
  }

  /** The form stays open with what was typed: each refused field says why, and gets the focus first. */
  private async showEditErrors(error: unknown, s: Signature) {
    const errors = new Map<string, MessageKey>();
    let unplaced = false;
    for (const { field, code } of error instanceof ApiError ? error.errors : []) {
      // `members.2` is a line of the members box.
      const name = field.split(".")[0];
      if (CORRECTABLE[s.kind].some(([correctable]) => correctable === name)) errors.set(name, errors.get(name) ?? fieldMessage(code));
      else unplaced = true;
    }
    this.fieldErrors = errors;
    this.editFailure = errors.size && !unplaced ? "" : error instanceof ApiError ? error.message : msg("errorGeneric");
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus();
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
