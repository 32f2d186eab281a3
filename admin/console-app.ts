import { Task, TaskStatus } from "@lit/task";
import { html, LitElement, css } from "lit";
import { api, ApiError, type LoginRequestBody, type Me } from "./api";
import { msg, roleName } from "./messages";
import { shared } from "./styles";

/**
 * The organizer console: sign-in by emailed link, the organizer's campaigns, and the selected
 * campaign (`#slug` in the address, so that notification emails can link to it).
 *
 * @csspart sidebar - the list of campaigns
 * @csspart main - the selected campaign
 * @cssprop --us-accent - buttons, links and focus rings
 * @cssprop --us-danger - reject buttons and errors
 * @cssprop --us-border - borders of cards and fields
 * @cssprop --us-muted - secondary text
 * @cssprop --us-surface - cards and fields
 */
export class UndersignedConsole extends LitElement {
  static properties = {
    selected: { state: true },
    linkSent: { state: true },
    creating: { state: true },
  };

  static styles = [
    shared,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: space-between;
        align-items: center;
        padding: 0.75rem 1.25rem;
        background: var(--_surface);
        border-bottom: 1px solid var(--_border);
      }
      .signed-in {
        overflow-wrap: anywhere;
      }
      header h1 {
        font-size: 1.1rem;
        margin: 0;
      }
      .layout {
        display: grid;
        /* minmax(0, …): a wide child (the section tabs) scrolls within the column, not the page. */
        grid-template-columns: minmax(12rem, 16rem) minmax(0, 1fr);
        gap: 1.25rem;
        padding: 1.25rem;
      }
      nav ul {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
      }
      nav a {
        display: block;
        padding: 0.5rem 0.6rem;
        border-radius: 6px;
        color: inherit;
        text-decoration: none;
      }
      nav a[aria-current="page"] {
        background: color-mix(in srgb, var(--_accent) 12%, transparent);
        font-weight: 600;
      }
      .sign-in {
        max-width: 28rem;
        margin: 4rem auto;
      }
      @media (max-width: 700px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  selected = "";
  linkSent = false;
  creating = false;

  private readonly me = new Task(this, {
    task: async (_args, { signal }) => {
      try {
        return await api<Me>("/me", { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    args: () => [],
  });

  private readonly onHashChange = () => {
    this.selected = decodeURIComponent(location.hash.slice(1));
    this.creating = false;
  };

  connectedCallback() {
    super.connectedCallback();
    this.onHashChange();
    addEventListener("hashchange", this.onHashChange);
  }

  disconnectedCallback() {
    removeEventListener("hashchange", this.onHashChange);
    super.disconnectedCallback();
  }

  render() {
    const shown = (me: Me | null) => (me ? this.renderConsole(me) : this.renderSignIn());
    // A refresh (after a save) keeps the console on screen, so what is open stays open.
    if (this.me.status === TaskStatus.PENDING && this.me.value !== undefined) return shown(this.me.value);
    return this.me.render({
      pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
      error: () => html`<p class="error" role="alert">${msg("errorGeneric")} <button @click=${() => this.me.run()}>${msg("retry")}</button></p>`,
      complete: shown,
    });
  }

  private renderSignIn() {
    return html`<main class="sign-in card">
      <h1>${msg("signInTitle")}</h1>
      ${this.linkSent
        ? html`<p role="status">${msg("linkSent")}</p>`
        : html`<p>${msg("signInLead")}</p>
            <form @submit=${this.requestLink}>
              <label>${msg("emailLabel")}<input name="email" type="email" autocomplete="email" required /></label>
              <button type="submit">${msg("sendLink")}</button>
            </form>`}
    </main>`;
  }

  private async requestLink(event: SubmitEvent) {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get("email") ?? "");
    await api("/login", { method: "POST", body: { email } satisfies LoginRequestBody });
    this.linkSent = true;
  }

  private async signOut() {
    await api("/logout", { method: "POST" });
    location.hash = "";
    this.me.run();
  }

  private renderConsole(me: Me) {
    const current = me.campaigns.find((campaign) => campaign.slug === this.selected);
    return html`<header>
        <h1>${msg("appTitle")}</h1>
        <div class="row">
          <span class="muted signed-in">${msg("signedInAs", { email: me.email })}</span>
          <button class="secondary" @click=${this.signOut}>${msg("signOut")}</button>
        </div>
      </header>
      <div class="layout">
        <nav part="sidebar" aria-label=${msg("campaigns")}>
          <h2>${msg("campaigns")}</h2>
          ${me.campaigns.length
            ? html`<ul>
                ${me.campaigns.map(
                  (campaign) =>
                    html`<li>
                      <a href="#${campaign.slug}" aria-current=${campaign.slug === this.selected ? "page" : "false"}
                        >${campaign.title} <span class="muted">(${campaign.count}) · ${roleName(campaign.role)}</span></a
                      >
                    </li>`,
                )}
              </ul>`
            : html`<p class="muted">${msg("noCampaigns")}</p>`}
          <button class="secondary" @click=${() => (this.creating = true)}>${msg("newCampaign")}</button>
        </nav>
        <main part="main">
          ${this.creating
            ? html`<us-campaign-editor
                @campaign-saved=${(event: CustomEvent<{ slug: string }>) => {
                  this.me.run();
                  location.hash = event.detail.slug;
                }}
              ></us-campaign-editor>`
            : current
              ? html`<us-campaign-view
                  .slug=${current.slug}
                  .notifications=${current.notifications}
                  .role=${current.role}
                  @campaign-saved=${() => this.me.run()}
                  @signatures-changed=${() => this.me.run()}
                  @team-changed=${() => this.me.run()}
                ></us-campaign-view>`
              : ""}
        </main>
      </div>`;
  }
}
