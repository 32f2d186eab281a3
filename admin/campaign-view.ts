import { Task, TaskStatus } from "@lit/task";
import { css, html, LitElement, svg } from "lit";
import { roleAllows } from "../contract/constants";
import { api, type Campaign, type Dashboard, type OrganizerRole, type UndeliveredEmail, type UndeliveredEmailList } from "./api";
import { lang, msg, roleName, type MessageKey } from "./messages";
import { shared } from "./styles";

type Tab = "dashboard" | "signatures" | "letter" | "import" | "export" | "share" | "blocklist" | "history" | "team" | "webhooks" | "life" | "coalition";

/** Each section, and the least role that may use it: the API's rule for the routes behind it. */
const TABS: Array<[Tab, MessageKey, OrganizerRole]> = [
  ["dashboard", "tabDashboard", "viewer"],
  ["signatures", "tabSignatures", "reviewer"],
  ["letter", "tabLetter", "editor"],
  ["import", "tabImport", "editor"],
  ["export", "tabExport", "viewer"],
  ["share", "tabShare", "viewer"],
  ["blocklist", "tabBlocklist", "reviewer"],
  ["history", "tabHistory", "reviewer"],
  ["team", "tabTeam", "owner"],
  ["webhooks", "tabWebhooks", "owner"],
  ["life", "tabLetterLife", "editor"],
  ["coalition", "tabCoalition", "editor"],
];

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

/** A deadline as organizers read it: in the campaign's time zone, which it names. */
const deadlineFormat = (timeZone: string) =>
  new Intl.DateTimeFormat(lang, { year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "longGeneric" });

/**
 * One campaign: its dashboard, review queue, letter and settings, import, export, blocklist,
 * history of changes, team and webhooks; each organizer sees the sections their role may use.
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
    role: { type: String },
    tab: { state: true },
  };

  static styles = [
    shared,
    css`
      /* One line, whatever the width: on a phone it scrolls sideways, alone. */
      [role="tablist"] {
        display: flex;
        gap: 0.25rem;
        margin: 0 0 1rem;
        overflow-x: auto;
        scrollbar-width: thin;
        padding: 3px;
      }
      [role="tab"] {
        flex: none;
        white-space: nowrap;
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
    `,
  ];

  slug = "";
  notifications: "each" | "daily" | "none" = "daily";
  /** The organizer's role on the campaign: the sections shown are those it may use. */
  role: OrganizerRole = "viewer";
  tab: Tab = "dashboard";

  private readonly campaign = new Task(this, {
    task: ([slug], { signal }) => api<Campaign>(`/campaigns/${slug}`, { signal }),
    args: () => [this.slug],
  });

  private readonly dashboard = new Task(this, {
    task: async ([slug, tab, role], { signal }) => {
      if (tab !== "dashboard") return null;
      // Undelivered emails name their recipients: a reviewer's to see, not a viewer's.
      const [data, emails] = await Promise.all([
        api<Dashboard>(`/campaigns/${slug}/dashboard`, { signal }),
        roleAllows(role, "reviewer") ? api<UndeliveredEmailList>(`/campaigns/${slug}/emails`, { signal }) : { items: [] },
      ]);
      return { data, emails: emails.items };
    },
    args: () => [this.slug, this.tab, this.role] as const,
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

  /** The sections this organizer's role may use. */
  private get tabs() {
    return TABS.filter(([, , minimum]) => roleAllows(this.role, minimum));
  }

  /** The chosen section while the role allows it, else the dashboard. */
  private get shownTab(): Tab {
    return this.tabs.some(([tab]) => tab === this.tab) ? this.tab : "dashboard";
  }

  private renderCampaign(campaign: Campaign) {
    const shown = this.shownTab;
    return html`<h2>${campaign.title}</h2>
        <p class="muted">${msg("yourRole", { role: roleName(this.role) })}</p>
        ${campaign.status === "open" && campaign.closesAt && new Date(campaign.closesAt) > new Date()
          ? html`<p>${msg("deadlineLine", { date: deadlineFormat(campaign.timeZone).format(new Date(campaign.closesAt)) })}</p>`
          : ""}
        <div role="tablist" part="tabs" @keydown=${this.moveTab}>
          ${this.tabs.map(
            ([tab, label]) =>
              html`<button role="tab" id="tab-${tab}" aria-selected=${shown === tab ? "true" : "false"} tabindex=${shown === tab ? 0 : -1} @click=${() => this.select(tab)}>
                ${msg(label)}
              </button>`,
          )}
        </div>
        <section role="tabpanel" aria-labelledby="tab-${shown}">${this.renderTab(campaign, shown)}</section>`;
  }

  /** Shows a section, its tab scrolled into the row's view (on a phone the row scrolls). */
  private async select(tab: Tab) {
    this.tab = tab;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${tab}`)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  /** Arrow keys move between tabs, as in any tab list. */
  private async moveTab(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const tabs = this.tabs;
    const index = tabs.findIndex(([tab]) => tab === this.shownTab);
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length][0];
    await this.select(next);
    this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus();
  }

  private renderTab(campaign: Campaign, tab: Tab) {
    switch (tab) {
      case "dashboard":
        return this.dashboard.render({
          pending: () => html`<p class="muted">${msg("loading")}</p>`,
          complete: (loaded) => (loaded ? this.renderDashboard(loaded.data, loaded.emails) : ""),
        });
      case "signatures":
        return html`<us-signature-review .slug=${campaign.slug} .version=${campaign.version} .role=${this.role}></us-signature-review>`;
      case "letter":
        return html`<us-campaign-editor .campaign=${campaign} .notifications=${this.notifications} @campaign-saved=${() => this.campaign.run()}></us-campaign-editor>`;
      case "import":
        return html`<us-import-panel .slug=${campaign.slug}></us-import-panel>`;
      case "export":
        return html`<us-export-panel .campaign=${campaign}></us-export-panel>`;
      case "share":
        return html`<us-share-panel .campaign=${campaign} .role=${this.role} @campaign-saved=${() => this.campaign.run()}></us-share-panel>`;
      case "blocklist":
        return html`<us-blocklist-panel .slug=${campaign.slug}></us-blocklist-panel>`;
      case "history":
        return html`<us-audit-log .slug=${campaign.slug}></us-audit-log>`;
      case "team":
        return html`<us-team-panel .slug=${campaign.slug}></us-team-panel>`;
      case "life":
        return html`<us-letter-life .campaign=${campaign}></us-letter-life>`;
      case "webhooks":
        return html`<us-webhooks-panel .slug=${campaign.slug}></us-webhooks-panel>`;
      case "coalition":
        return html`<us-coalition-panel .slug=${campaign.slug} .role=${this.role}></us-coalition-panel>`;
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
      <us-partners-panel .slug=${this.slug}></us-partners-panel>
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
}
