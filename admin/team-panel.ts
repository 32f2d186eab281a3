import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { ORGANIZER_ROLES } from "../contract/constants";
import { api, ApiError, type Invitation, type InvitationCreateRequest, type InvitationList, type Member, type MemberList, type MemberPatchRequest, type OrganizerRole } from "./api";
import { lang, msg, roleName } from "./messages";
import { shared } from "./styles";

const date = new Intl.DateTimeFormat(lang, { dateStyle: "medium" });

/**
 * A campaign's team, for its owners: each member's role, changed or removed here; invitations by
 * email, and those waiting for an answer. The API keeps one owner at least and says so.
 *
 * @fires team-changed - after a role changed or a member left: the signed-in organizer's own role may be among them
 * @csspart member - one member
 */
export class UsTeamPanel extends LitElement {
  static properties = {
    slug: { type: String },
    notice: { state: true },
    failure: { state: true },
    removing: { state: true },
  };

  static styles = [
    shared,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        border-bottom: 1px solid var(--_border);
        padding: 0.5rem 0;
      }
      .who {
        overflow-wrap: anywhere;
        flex: 1 1 12rem;
      }
      li label {
        margin: 0;
      }
    `,
  ];

  slug = "";
  notice = "";
  failure = "";
  /** The member whose removal waits for the owner's yes. */
  removing: number | null = null;

  private readonly team = new Task(this, {
    task: async ([slug], { signal }) => {
      const [members, invitations] = await Promise.all([
        api<MemberList>(`/campaigns/${slug}/members`, { signal }),
        api<InvitationList>(`/campaigns/${slug}/invitations`, { signal }),
      ]);
      return { members: members.items, invitations: invitations.items };
    },
    args: () => [this.slug],
  });

  render() {
    return html`<p role="status">${this.notice}</p>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.team.render({
        pending: () => html`<p class="muted">${msg("loading")}</p>`,
        error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
        complete: ({ members, invitations }) => html`<div class="card">
            <h3>${msg("teamTitle")}</h3>
            <p class="muted">${msg("teamLead")}</p>
            <ul>
              ${members.map((member) => this.renderMember(member))}
            </ul>
          </div>
          <div class="card">
            <h3>${msg("inviteTitle")}</h3>
            <p class="muted">${msg("inviteLead")}</p>
            <form class="row" @submit=${this.invite}>
              <label>${msg("inviteEmail")}<input name="email" type="email" required autocomplete="off" /></label>
              <label>${msg("inviteRole")}${this.roleSelect("role", "viewer")}</label>
              <button type="submit">${msg("inviteSend")}</button>
            </form>
            <h4>${msg("invitationsTitle")}</h4>
            ${invitations.length
              ? html`<ul>
                  ${invitations.map((invitation) => this.renderInvitation(invitation))}
                </ul>`
              : html`<p class="muted">${msg("invitationsEmpty")}</p>`}
          </div>`,
      })}`;
  }

  private roleSelect(name: string, selected: OrganizerRole, label?: string, onChange?: (role: OrganizerRole) => void) {
    // `live`: after a refused change the select shows the role the member kept, not the one picked.
    return html`<select
      name=${name}
      .value=${live(selected)}
      aria-label=${label ?? nothing}
      @change=${onChange ? (event: Event) => onChange((event.target as HTMLSelectElement).value as OrganizerRole) : nothing}
    >
      ${ORGANIZER_ROLES.map((role) => html`<option value=${role} ?selected=${role === selected}>${roleName(role)}</option>`)}
    </select>`;
  }

  private renderMember(member: Member) {
    const who = member.name ? `${member.name} <${member.email}>` : member.email;
    return html`<li part="member" class="row">
      <span class="who">${who}</span>
      ${this.roleSelect(`role-${member.organizerId}`, member.role, msg("memberRole", { email: member.email }), (role) => this.changeRole(member, role))}
      ${this.removing === member.organizerId
        ? html`<span role="group" aria-labelledby="remove-${member.organizerId}" class="row">
            <span id="remove-${member.organizerId}">${msg("confirmRemoveMember", { email: member.email })}</span>
            <button class="danger" @click=${() => this.removeMember(member)}>${msg("memberRemove")}</button>
            <button class="secondary" @click=${() => (this.removing = null)}>${msg("cancel")}</button>
          </span>`
        : html`<button class="danger" aria-label=${msg("memberRemoveNamed", { email: member.email })} @click=${() => (this.removing = member.organizerId)}>
            ${msg("memberRemove")}
          </button>`}
    </li>`;
  }

  private renderInvitation(invitation: Invitation) {
    return html`<li class="row">
      <span class="who">${msg("invitationLine", { email: invitation.email, role: roleName(invitation.role), date: date.format(new Date(invitation.expiresAt)) })}</span>
      <button class="secondary" aria-label=${msg("revokeInvitationNamed", { email: invitation.email })} @click=${() => this.revoke(invitation)}>
        ${msg("revokeInvitation")}
      </button>
    </li>`;
  }

  /** Runs a change, says how it went, and reloads the team (a refused change shows the role it kept). */
  private async change(action: () => Promise<string>, teamChanged = false) {
    this.notice = "";
    this.failure = "";
    try {
      this.notice = await action();
      if (teamChanged) this.dispatchEvent(new CustomEvent("team-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
    this.removing = null;
    this.team.run();
  }

  private changeRole(member: Member, role: OrganizerRole) {
    return this.change(async () => {
      await api(`/campaigns/${this.slug}/members/${member.organizerId}`, { method: "PATCH", body: { role } satisfies MemberPatchRequest });
      return msg("roleChanged", { email: member.email, role: roleName(role) });
    }, true);
  }

  private removeMember(member: Member) {
    return this.change(async () => {
      await api(`/campaigns/${this.slug}/members/${member.organizerId}`, { method: "DELETE" });
      return msg("memberRemoved", { email: member.email });
    }, true);
  }

  private invite(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body: InvitationCreateRequest = { email: String(data.get("email") ?? "").trim(), role: data.get("role") as OrganizerRole };
    return this.change(async () => {
      await api(`/campaigns/${this.slug}/invitations`, { method: "POST", body });
      form.reset();
      return msg("invited", { email: body.email });
    });
  }

  private revoke(invitation: Invitation) {
    return this.change(async () => {
      await api(`/campaigns/${this.slug}/invitations/${invitation.id}`, { method: "DELETE" });
      return msg("invitationRevoked", { email: invitation.email });
    });
  }
}
