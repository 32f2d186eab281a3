import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { roleAllows } from "../contract/constants";
import { api, ApiError, type CoalitionInvited, type CoalitionList, type OrganizerRole } from "./api";
import { lang, msg } from "./messages";
import { shared } from "./styles";

const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

/** A consent as the owners' JSON export gives it. */
interface OwnConsent {
  id: string;
  organization: string;
  contactName: string | null;
  email: string;
  consentedAt: string;
}

/**
 * The coalition's memory as seen from one campaign: for editors, the organizations to invite (they
 * signed another of the coalition's letters and agreed to hear about the next) and the one-step
 * invitation; for owners, the consents this campaign gathered, to export or delete.
 *
 * @csspart contact - one organization to invite
 */
export class UsCoalitionPanel extends LitElement {
  static properties = {
    slug: { type: String },
    role: { type: String },
    notice: { state: true },
    failure: { state: true },
  };

  static styles = [
    shared,
    css`
      td,
      th {
        vertical-align: top;
      }
      ul {
        list-style: none;
        padding: 0;
      }
      li {
        border-bottom: 1px solid var(--_border);
        padding: 0.5rem 0;
      }
    `,
  ];

  slug = "";
  role: OrganizerRole = "viewer";
  notice = "";
  failure = "";

  private readonly list = new Task(this, {
    task: ([slug], { signal }) => api<CoalitionList>(`/campaigns/${slug}/coalition`, { signal }),
    args: () => [this.slug],
  });

  private readonly own = new Task(this, {
    task: ([slug, role], { signal }) => (roleAllows(role, "owner") ? api<OwnConsent[]>(`/campaigns/${slug}/coalition/contacts?format=json`, { signal }) : Promise.resolve(null)),
    args: () => [this.slug, this.role] as const,
  });

  render() {
    return html`<p class="muted">${msg("coalitionLead")}</p>
      ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.list.render({
        pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
        error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
        complete: (list) => this.renderList(list),
      })}
      ${this.own.render({ complete: (own) => (own ? this.renderOwn(own) : nothing) })}`;
  }

  private renderList(list: CoalitionList) {
    if (!list.items.length) return html`<p class="muted">${msg("coalitionEmpty")}</p>`;
    const waiting = list.items.filter((contact) => !contact.invitedAt).length;
    return html`<div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">${msg("coalitionOrganization")}</th>
              <th scope="col">${msg("coalitionContact")}</th>
              <th scope="col">${msg("coalitionSigned")}</th>
              <th scope="col">${msg("coalitionInvited")}</th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map(
              (contact) =>
                html`<tr part="contact">
                  <td>${contact.organization}</td>
                  <td>${[contact.contactName, contact.email].filter(Boolean).join(", ")} (${contact.locale})</td>
                  <td>${contact.campaign.title}, ${date.format(new Date(contact.consentedAt))}</td>
                  <td>${contact.invitedAt ? date.format(new Date(contact.invitedAt)) : msg("coalitionNotInvited")}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${waiting ? html`<p><button @click=${this.inviteAll}>${msg("coalitionInviteAll")} (${waiting})</button></p>` : nothing}`;
  }

  private renderOwn(own: OwnConsent[]) {
    const base = `/api/admin/campaigns/${encodeURIComponent(this.slug)}/coalition/contacts`;
    return html`<h3>${msg("coalitionOwnHeading")}</h3>
      <p class="muted">${msg("coalitionOwnLead")}</p>
      ${own.length
        ? html`<p class="row"><a href="${base}?format=csv" download>${msg("coalitionExportCsv")}</a> <a href="${base}?format=json" download>${msg("coalitionExportJson")}</a></p>
            <ul>
              ${own.map(
                (consent) =>
                  html`<li class="row">
                    <span>${consent.organization} · ${[consent.contactName, consent.email].filter(Boolean).join(", ")} · ${date.format(new Date(consent.consentedAt))}</span>
                    <button class="danger" aria-label=${msg("coalitionDeleteNamed", { name: consent.organization })} @click=${() => this.deleteConsent(consent)}>${msg("coalitionDelete")}</button>
                  </li>`,
              )}
            </ul>`
        : html`<p class="muted">${msg("coalitionOwnEmpty")}</p>`}`;
  }

  private async inviteAll() {
    this.notice = "";
    this.failure = "";
    try {
      const { invited } = await api<CoalitionInvited>(`/campaigns/${this.slug}/coalition/invitations`, { method: "POST", body: {} });
      this.notice = msg("coalitionInvitedNotice", { count: invited });
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
    await this.list.run();
  }

  private async deleteConsent(consent: OwnConsent) {
    this.notice = "";
    this.failure = "";
    try {
      await api(`/campaigns/${this.slug}/coalition/contacts/${consent.id}`, { method: "DELETE" });
      this.notice = msg("coalitionDeleted", { name: consent.organization });
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
    await Promise.all([this.own.run(), this.list.run()]);
  }
}
