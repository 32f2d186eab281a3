import { Task } from "@lit/task";
import { html, LitElement } from "lit";
import { api, ApiError } from "./api";
import { msg } from "./messages";
import { shared } from "./styles";

interface Entry {
  id: number;
  kind: "domain" | "email";
  value: string;
  note: string | null;
}

/**
 * Blocked addresses and domains of a campaign, and bulk rejection by domain or time range.
 *
 * @csspart list - the blocked entries
 */
export class UsBlocklistPanel extends LitElement {
  static properties = {
    slug: { type: String },
    message: { state: true },
    failure: { state: true },
  };

  static styles = [shared];

  slug = "";
  message = "";
  failure = "";

  private readonly entries = new Task(this, {
    task: ([slug], { signal }) => api<{ items: Entry[] }>(`/campaigns/${slug}/blocklist`, { signal }),
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
        <form class="row" @submit=${this.bulkReject}>
          <label>${msg("blockDomain")}<input name="domain" /></label>
          <label>${msg("bulkFrom")}<input name="from" type="datetime-local" /></label>
          <label>${msg("bulkTo")}<input name="to" type="datetime-local" /></label>
          <button type="submit" class="danger">${msg("bulkReject")}</button>
        </form>
        <p role="status">${this.message}</p>
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
      await api(`/campaigns/${this.slug}/blocklist`, { method: "POST", body: { kind: data.get("kind"), value: data.get("value"), ...(note ? { note } : {}) } });
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

  private bulkReject(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const time = (name: string) => (data.get(name) ? new Date(String(data.get(name))).toISOString() : undefined);
    const domain = String(data.get("domain") ?? "").trim();
    return this.run(async () => {
      const { rejected } = await api<{ rejected: number }>(`/campaigns/${this.slug}/signatures/bulk-reject`, {
        method: "POST",
        body: { ...(domain ? { domain } : {}), from: time("from"), to: time("to") },
      });
      this.message = msg("bulkRejected", { count: rejected });
    });
  }
}
