import { Task, TaskStatus } from "@lit/task";
import { css, html, LitElement, svg } from "lit";
import { api, type Campaign } from "./api";
import { lang, msg, type MessageKey } from "./messages";
import { shared } from "./styles";

type Tab = "dashboard" | "signatures" | "letter" | "import" | "export" | "blocklist" | "history";

interface Dashboard {
  count: number;
  byStatus: Record<string, number>;
  perDay: Array<{ day: string; count: number }>;
  byCountry: Array<{ country: string | null; count: number }>;
  failedEmails: number;
}

const TABS: Array<[Tab, MessageKey]> = [
  ["dashboard", "tabDashboard"],
  ["signatures", "tabSignatures"],
  ["letter", "tabLetter"],
  ["import", "tabImport"],
  ["export", "tabExport"],
  ["blocklist", "tabBlocklist"],
  ["history", "tabHistory"],
];

interface UndeliveredEmail {
  id: string;
  recipient: string;
  subject: string;
  status: string;
  lastError: string | null;
  signatureName: string;
}

/** Up to this many days the chart has a bar a day; a longer campaign gets a bar a month. */
const DAILY_SPAN = 92;

interface Bar {
  label: string;
  count: number;
}

/**
 * Published signatures over time: a bar for every day (or month) from the first to the last,
 * empty ones included, so that the chart's width is time and a gap looks like one.
 */
function timeline(perDay: Dashboard["perDay"]): { daily: boolean; bars: Bar[] } {
  if (!perDay.length) return { daily: true, bars: [] };
  const first = new Date(perDay[0].day);
  const last = new Date(perDay[perDay.length - 1].day);
  const daily = (last.getTime() - first.getTime()) / 86_400_000 < DAILY_SPAN;
  const key = (date: Date) => date.toISOString().slice(0, daily ? 10 : 7);
  const counts = new Map<string, number>();
  for (const { day, count } of perDay) {
    const bucket = key(new Date(day));
    counts.set(bucket, (counts.get(bucket) ?? 0) + count);
  }
  const format = new Intl.DateTimeFormat(lang, daily ? { dateStyle: "medium", timeZone: "UTC" } : { month: "long", year: "numeric", timeZone: "UTC" });
  const bars: Bar[] = [];
  for (const cursor = new Date(daily ? first : Date.UTC(first.getUTCFullYear(), first.getUTCMonth())); key(cursor) <= key(last); ) {
    bars.push({ label: format.format(cursor), count: counts.get(key(cursor)) ?? 0 });
    if (daily) cursor.setUTCDate(cursor.getUTCDate() + 1);
    else cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return { daily, bars };
}

const regions = new Intl.DisplayNames([lang], { type: "region" });

/**
 * One campaign: its dashboard, review queue, letter and settings, import, export, blocklist and
 * history of changes.
 *
 * @fires campaign-saved - after the campaign's settings were saved (bubbles from the editor)
 * @fires signatures-changed - after signatures were approved, rejected or imported, which changes
 *   the campaign's count (bubbles from the review, import and blocklist panels)
 * @csspart tabs - the row of section buttons
 * @csspart chart - the signatures-per-day chart
 */
export class UsCampaignView extends LitElement {
  static properties = {
    slug: { type: String },
    notifications: { type: String },
    tab: { state: true },
    groupByCountry: { state: true },
  };

  static styles = [
    shared,
    css`
      [role="tablist"] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0 0 1rem;
      }
      [role="tab"][aria-selected="true"] {
        background: var(--_accent);
        color: #fff;
      }
      [role="tab"][aria-selected="false"] {
        background: transparent;
        color: var(--_accent);
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        gap: 0.75rem;
      }
      .stat strong {
        display: block;
        font-size: 1.6rem;
      }
      svg {
        width: 100%;
        height: 120px;
      }
      rect {
        fill: var(--_accent);
      }
      rect.baseline {
        fill: var(--_border);
      }
      .axis {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
      }
      table {
        border-collapse: collapse;
      }
      td,
      th {
        padding: 0.2rem 0.75rem 0.2rem 0;
        text-align: left;
      }
      .downloads {
        display: grid;
        gap: 0.5rem;
        justify-items: start;
      }
    `,
  ];

  slug = "";
  notifications: "each" | "daily" | "none" = "daily";
  tab: Tab = "dashboard";
  groupByCountry = false;

  private readonly campaign = new Task(this, {
    task: ([slug], { signal }) => api<Campaign>(`/campaigns/${slug}`, { signal }),
    args: () => [this.slug],
  });

  private readonly dashboard = new Task(this, {
    task: async ([slug, tab], { signal }) => {
      if (tab !== "dashboard") return null;
      const [data, emails] = await Promise.all([
        api<Dashboard>(`/campaigns/${slug}/dashboard`, { signal }),
        api<{ items: UndeliveredEmail[] }>(`/campaigns/${slug}/emails`, { signal }),
      ]);
      return { data, emails: emails.items };
    },
    args: () => [this.slug, this.tab] as const,
  });

  render() {
    // A refresh after a save keeps the tab and the editor (and its "Saved.") on screen.
    if (this.campaign.status === TaskStatus.PENDING && this.campaign.value) return this.renderCampaign(this.campaign.value);
    return this.campaign.render({
      pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
      error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
      complete: (campaign) => this.renderCampaign(campaign),
    });
  }

  private renderCampaign(campaign: Campaign) {
    return html`<h2>${campaign.title}</h2>
        <div role="tablist" part="tabs" @keydown=${this.moveTab}>
          ${TABS.map(
            ([tab, label]) =>
              html`<button role="tab" id="tab-${tab}" aria-selected=${this.tab === tab ? "true" : "false"} tabindex=${this.tab === tab ? 0 : -1} @click=${() => (this.tab = tab)}>
                ${msg(label)}
              </button>`,
          )}
        </div>
        <section role="tabpanel" aria-labelledby="tab-${this.tab}">${this.renderTab(campaign)}</section>`;
  }

  /** Arrow keys move between tabs, as in any tab list. */
  private moveTab(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const index = TABS.findIndex(([tab]) => tab === this.tab);
    const next = TABS[(index + (event.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length][0];
    this.tab = next;
    this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus());
  }

  private renderTab(campaign: Campaign) {
    switch (this.tab) {
      case "dashboard":
        return this.dashboard.render({
          pending: () => html`<p class="muted">${msg("loading")}</p>`,
          complete: (loaded) => (loaded ? this.renderDashboard(loaded.data, loaded.emails) : ""),
        });
      case "signatures":
        return html`<us-signature-review .slug=${campaign.slug} .version=${campaign.version}></us-signature-review>`;
      case "letter":
        return html`<us-campaign-editor .campaign=${campaign} .notifications=${this.notifications} @campaign-saved=${() => this.campaign.run()}></us-campaign-editor>`;
      case "import":
        return html`<us-import-panel .slug=${campaign.slug}></us-import-panel>`;
      case "export":
        return this.renderExport(campaign);
      case "blocklist":
        return html`<us-blocklist-panel .slug=${campaign.slug}></us-blocklist-panel>`;
      case "history":
        return html`<us-audit-log .slug=${campaign.slug}></us-audit-log>`;
    }
  }

  private renderDashboard(data: Dashboard, emails: UndeliveredEmail[]) {
    const stats: Array<[MessageKey, number]> = [
      ["count", data.count],
      ["held", data.byStatus.held ?? 0],
      ["pending", data.byStatus.pending ?? 0],
      ["rejected", data.byStatus.rejected ?? 0],
      ["withdrawn", data.byStatus.withdrawn ?? 0],
      ["undelivered", data.failedEmails],
    ];
    const { daily, bars } = timeline(data.perDay);
    const max = Math.max(1, ...bars.map((bar) => bar.count));
    const width = Math.max(1, bars.length) * 10;
    return html`<div class="stats">
        ${stats.map(([label, value]) => html`<div class="card stat"><strong>${value}</strong><span class="muted">${msg(label)}</span></div>`)}
      </div>
      <div class="card">
        <h3>${msg(daily ? "perDay" : "perMonth")}</h3>
        <svg
          part="chart"
          viewBox="0 0 ${width} 100"
          preserveAspectRatio="none"
          role="img"
          aria-label=${bars
            .filter((bar) => bar.count)
            .map((bar) => `${bar.label}: ${bar.count}`)
            .join(", ")}
        >
          <rect class="baseline" x="0" y="99" width=${width} height="1"></rect>
          ${bars.map((bar, i) =>
            bar.count
              ? svg`<rect x=${i * 10 + 1} width="8" y=${100 - (bar.count / max) * 100} height=${(bar.count / max) * 100}><title>${bar.label}: ${bar.count}</title></rect>`
              : "",
          )}
        </svg>
        ${bars.length ? html`<p class="axis muted" aria-hidden="true"><span>${bars[0].label}</span>${bars.length > 1 ? html`<span>${bars[bars.length - 1].label}</span>` : ""}</p>` : ""}
      </div>
      <div class="card">
        <h3>${msg("byCountry")}</h3>
        <table>
          <tbody>
            ${data.byCountry.map(
              (row) =>
                html`<tr>
                  <th scope="row">${row.country ? msg("countryName", { name: regions.of(row.country) ?? row.country, code: row.country }) : msg("noCountry")}</th>
                  <td>${row.count}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${emails.length
        ? html`<div class="card">
            <h3>${msg("undeliveredTitle")}</h3>
            <table>
              <tbody>
                ${emails.map(
                  (email) =>
                    html`<tr>
                      <th scope="row">${email.signatureName}</th>
                      <td>${email.recipient}</td>
                      <td>${email.status}</td>
                      <td class="muted">${email.lastError ?? ""}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : ""}`;
  }

  private renderExport(campaign: Campaign) {
    const href = (format: string) =>
      `/api/admin/campaigns/${campaign.slug}/export?format=${format}${this.groupByCountry && ["txt", "md", "pdf"].includes(format) ? "&groupBy=country" : ""}`;
    const formats: Array<[string, MessageKey]> = [
      ["csv", "exportCsv"],
      ["json", "exportJson"],
      ["txt", "exportTxt"],
      ["md", "exportMd"],
      ["pdf", "exportPdf"],
    ];
    return html`<div class="card">
      <p>${msg("exportLead")}</p>
      <label class="row" style="font-weight:400"
        ><input type="checkbox" .checked=${this.groupByCountry} @change=${(event: Event) => (this.groupByCountry = (event.target as HTMLInputElement).checked)} />
        ${msg("groupByCountry")}</label
      >
      <div class="downloads">
        ${formats.map(([format, label]) => html`<a class="button secondary" href=${href(format)} download data-format=${format}>${msg(label)}</a>`)}
      </div>
    </div>`;
  }
}
