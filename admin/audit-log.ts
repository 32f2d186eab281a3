import { Task } from "@lit/task";
import { css, html, LitElement } from "lit";
import { api } from "./api";
import { msg } from "./messages";
import { shared } from "./styles";

interface Entry {
  id: number;
  organizer: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
}

const show = (value: Record<string, unknown> | null) => (value ? JSON.stringify(value, null, 1) : "");

/** The organization an entry names: a correction of a signature records its name before and after. */
function nameIn(entry: Entry): string | undefined {
  const name = entry.after?.name ?? entry.before?.name;
  return entry.entity === "signature" && typeof name === "string" ? name : undefined;
}

/**
 * Each signature by its name where some entry records one (the newest, as the log lists them
 * first), so that its other entries, approvals and rejections, are named too.
 */
function knownNames(entries: Entry[]) {
  const names = new Map<string, string>();
  for (const entry of entries) {
    const name = nameIn(entry);
    if (name !== undefined && !names.has(entry.entityId)) names.set(entry.entityId, name);
  }
  return names;
}

/**
 * What organizers changed on a campaign, newest first: who, when, before and after.
 *
 * @csspart table - the history table
 */
export class UsAuditLog extends LitElement {
  static properties = { slug: { type: String } };

  static styles = [
    shared,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      td,
      th {
        border-bottom: 1px solid var(--_border);
        padding: 0.3rem;
        text-align: left;
        vertical-align: top;
      }
      pre {
        margin: 0;
        white-space: pre-wrap;
        word-break: break-word;
        font: inherit;
      }
    `,
  ];

  slug = "";

  private readonly entries = new Task(this, {
    task: ([slug], { signal }) => api<{ items: Entry[] }>(`/campaigns/${slug}/audit`, { signal }),
    args: () => [this.slug],
  });

  render() {
    return this.entries.render({
      pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
      error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
      complete: ({ items }) => {
        const names = knownNames(items);
        return items.length
          ? html`<table part="table">
              <thead>
                <tr>
                  <th scope="col">${msg("historyWhen")}</th>
                  <th scope="col">${msg("historyWho")}</th>
                  <th scope="col">${msg("historyWhat")}</th>
                  <th scope="col">${msg("historyBefore")}</th>
                  <th scope="col">${msg("historyAfter")}</th>
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (entry) => html`<tr>
                    <td>${new Date(entry.createdAt).toLocaleString()}</td>
                    <td>${entry.organizer ?? msg("historyAutomatic")}</td>
                    <td>${entry.action} · ${entry.entity} ${nameIn(entry) ?? names.get(entry.entityId) ?? entry.entityId}</td>
                    <td><pre>${show(entry.before)}</pre></td>
                    <td><pre>${show(entry.after)}</pre></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">${msg("historyEmpty")}</p>`;
      },
    });
  }
}
