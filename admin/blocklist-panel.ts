import { Task } from "@lit/task";
import { html, LitElement, nothing } from "lit";
import {
  api,
  ApiError,
  type BlockCreateRequest,
  type Blocklist,
  type BlocklistEntry as Entry,
  type BulkRejectionUndone,
  type BulkRejectRequest,
  type BulkRejectResult,
} from "./api";
import { msg, msgCount } from "./messages";
import { shared } from "./styles";

type BulkFilter = Omit<BulkRejectRequest, "dryRun">;

/**
 * Blocked addresses and domains of a campaign, and bulk rejection by domain or time range, for a
 * reason. The panel first says how many signatures the filter hits, and rejects only once that is
 * confirmed; the rejection can then be undone here, or from the history for a week.
 *
 * @fires signatures-changed - after a bulk rejection, or its undoing
 * @csspart list - the blocked entries
 */
export class UsBlocklistPanel extends LitElement {
  static properties = {
    slug: { type: String },
    message: { state: true },
    failure: { state: true },
    pending: { state: true },
    lastRejection: { state: true },
  };

  static styles = [shared];

  slug = "";
  message = "";
  failure = "";
  /** The filter waiting for confirmation, and how many signatures it matched. */
  pending: { filter: BulkFilter; matching: number } | null = null;
  /** The rejection just made, which the panel offers to undo. */
  lastRejection: string | null = null;

  private readonly entries = new Task(this, {
    task: ([slug], { signal }) => api<Blocklist>(`/campaigns/${slug}/blocklist`, { signal }),
    args: () => [this.slug],
  });

  render() {
    return html`<div class="card">
        <h3>${msg("blocklistTitle")}</h3>
        <p class="muted">${msg("blocklistLead")}</p>
        ${this.entries.render({
          pending: () => html`<p class="muted">${msg("loading")}</p>`,
          complete: ({ items }) =>
            items.length
              ? html`<ul part="list">
                  ${items.map(
                    (entry) =>
                      html`<li class="row">
                        <span>${entry.value}${entry.note ? html` <span class="muted">(${entry.note})</span>` : ""}</span>
                        <button class="secondary" @click=${() => this.unblock(entry)}>${msg("unblock", { value: entry.value })}</button>
                      </li>`,
                  )}
                </ul>`
              : html`<p class="muted">${msg("blocklistEmpty")}</p>`,
        })}
        <form class="row" @submit=${this.block}>
          <label
            >${msg("blockKind")}<select name="kind">
              <option value="domain">${msg("blockDomain")}</option>
              <option value="email">${msg("blockEmail")}</option>
            </select></label
          >
          <label>${msg("blockValue")}<input name="value" required /></label>
          <label>${msg("blockNote")}<input name="note" /></label>
          <button type="submit">${msg("block")}</button>
        </form>
      </div>
      <div class="card">
        <h3>${msg("bulkRejectTitle")}</h3>
        <form id="bulk" class="row" @submit=${this.countMatching} @input=${() => (this.pending = null)}>
          <label>${msg("blockDomain")}<input name="domain" /></label>
          <label>${msg("bulkFrom")}<input name="from" type="datetime-local" /></label>
          <label>${msg("bulkTo")}<input name="to" type="datetime-local" /></label>
          <label>${msg("bulkReason")}<input name="reason" required maxlength="300" /></label>
          <button type="submit" class="danger">${msg("bulkReject")}</button>
        </form>
        ${this.pending
          ? html`<div role="group" aria-labelledby="bulk-confirm" @keydown=${(event: KeyboardEvent) => event.key === "Escape" && this.closeConfirmation()}>
              <p id="bulk-confirm">${msgCount("bulkConfirm", this.pending.matching)}</p>
              <div class="row">
                <button class="danger" @click=${this.bulkReject}>${msgCount("bulkConfirmButton", this.pending.matching)}</button>
                <button id="bulk-cancel" class="secondary" @click=${this.closeConfirmation}>${msg("cancel")}</button>
              </div>
            </div>`
          : nothing}
        <div class="row">
          <p role="status">${this.message}</p>
          ${this.lastRejection ? html`<button class="secondary" @click=${this.undo}>${msg("undo")}</button>` : nothing}
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
      </div>`;
  }

  private async run(action: () => Promise<void>) {
    this.failure = "";
    this.message = "";
    try {
      await action();
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
  }

  private block(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    return this.run(async () => {
      const note = String(data.get("note") ?? "").trim();
      await api(`/campaigns/${this.slug}/blocklist`, {
        method: "POST",
        body: { kind: data.get("kind") as BlockCreateRequest["kind"], value: String(data.get("value")), ...(note ? { note } : {}) } satisfies BlockCreateRequest,
      });
      form.reset();
      this.entries.run();
    });
  }

  private unblock(entry: Entry) {
    return this.run(async () => {
      await api(`/campaigns/${this.slug}/blocklist/${entry.id}`, { method: "DELETE" });
      this.entries.run();
    });
  }

  /** A dry run: nothing changes until the organizer confirms the count. */
  private countMatching(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const time = (name: string) => (data.get(name) ? new Date(String(data.get(name))).toISOString() : undefined);
    const domain = String(data.get("domain") ?? "").trim();
    const filter: BulkFilter = { ...(domain ? { domain } : {}), from: time("from"), to: time("to"), reason: String(data.get("reason") ?? "").trim() };
    this.pending = null;
    this.lastRejection = null;
    return this.run(async () => {
      const { matching } = await api<Extract<BulkRejectResult, { matching: number }>>(`/campaigns/${this.slug}/bulk-rejections`, {
        method: "POST",
        body: { ...filter, dryRun: true } satisfies BulkRejectRequest,
      });
      if (!matching) {
        this.message = msg("bulkNoneMatch");
        return;
      }
      this.pending = { filter, matching };
      // The least harmful choice takes the focus; the group's label says what confirming does.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#bulk-cancel")?.focus();
    });
  }

  private bulkReject() {
    if (!this.pending) return;
    const { filter } = this.pending;
    // Gone at once, so that a second click cannot send a second rejection.
    return Promise.all([
      this.closeConfirmation(),
      this.run(async () => {
        const { rejected, id } = await api<Extract<BulkRejectResult, { rejected: number }>>(`/campaigns/${this.slug}/bulk-rejections`, {
          method: "POST",
          body: filter satisfies BulkRejectRequest,
        });
        this.message = msgCount("bulkRejected", rejected);
        if (!rejected) return;
        this.lastRejection = id;
        this.dispatchEvent(new CustomEvent("signatures-changed", { bubbles: true, composed: true }));
      }),
    ]);
  }

  /** Each signature the last rejection hit returns to the status it had. */
  private undo() {
    const id = this.lastRejection;
    this.lastRejection = null;
    return this.run(async () => {
      const { restored } = await api<BulkRejectionUndone>(`/campaigns/${this.slug}/bulk-rejections/${id}/undo`, { method: "POST" });
      this.message = msgCount("bulkUndone", restored);
      this.dispatchEvent(new CustomEvent("signatures-changed", { bubbles: true, composed: true }));
    });
  }

  /** The confirmation's buttons go away: the focus goes back to the button that asked for it. */
  private async closeConfirmation() {
    this.pending = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#bulk [type="submit"]')?.focus();
  }
}
