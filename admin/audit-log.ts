import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { ORGANIZER_ROLES, type OrganizerRole } from "../contract/constants";
import { api, ApiError, type AuditEntry as Entry, type AuditLog, type BulkRejectionUndone } from "./api";
import { lang, msg, msgCount, roleName, type MessageKey } from "./messages";
import { shared } from "./styles";

/** A bulk rejection can be undone for a week (the API's rule). */
const UNDO_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The fields entries record, as the history names them. */
const FIELD_NAMES: Record<string, MessageKey> = {
  title: "changedTitle",
  body: "changedBody",
  addressees: "changedAddressees",
  cc: "changedCc",
  salutation: "changedSalutation",
  letterDate: "changedLetterDate",
  language: "changedLanguage",
  translations: "changedTranslations",
  status: "changedStatus",
  closesAt: "changedClosesAt",
  moderation: "changedModeration",
  signerKinds: "changedSignerKinds",
  allowedOrigins: "changedAllowedOrigins",
  botPolicy: "changedBotPolicy",
  replyTo: "changedReplyTo",
  version: "changedVersion",
  name: "changedName",
  affiliation: "changedAffiliation",
  city: "changedCity",
  region: "changedRegion",
  country: "changedCountry",
  website: "changedWebsite",
  members: "changedMembers",
  slug: "changedSlug",
  url: "changedUrl",
  events: "changedEvents",
  includeContacts: "changedIncludeContacts",
  description: "changedDescription",
  email: "changedEmail",
  role: "changedRole",
  reason: "changedReason",
  domain: "changedDomain",
  from: "changedFrom",
  to: "changedTo",
  rejected: "changedRejected",
  restored: "changedRestored",
  source: "changedSource",
  rows: "changedRows",
  names: "changedNames",
  kind: "changedKind",
  value: "changedValue",
  note: "changedNote",
};

const list = new Intl.ListFormat(lang, { type: "conjunction" });
const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const fieldName = (key: string) => (Object.hasOwn(FIELD_NAMES, key) ? msg(FIELD_NAMES[key]) : key);
const text = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? "" : String(value));
const isRole = (value: unknown): value is OrganizerRole => (ORGANIZER_ROLES as readonly unknown[]).includes(value);
const role = (value: unknown) => (isRole(value) ? roleName(value) : text(value));

/** A recorded value as people read it: dates in their language, lists joined, nothing shown as JSON. */
function readable(value: unknown): string {
  if (value === null || value === undefined || value === "") return msg("historyNone");
  if (typeof value === "boolean") return msg(value ? "historyYes" : "historyNo");
  if (typeof value === "string") return ISO_TIME.test(value) ? dateTime.format(new Date(value)) : value;
  if (Array.isArray(value)) return value.length ? value.map(readable).join("; ") : msg("historyNone");
  if (typeof value === "object") return Object.entries(value).map(([key, inner]) => `${fieldName(key)}: ${readable(inner)}`).join(", ");
  return String(value);
}

/** What a bulk rejection matched: a domain, a time range, or both. */
function scope(recorded: Record<string, unknown>) {
  const [domain, from, to] = [recorded.domain, recorded.from, recorded.to].map(text);
  const time = from && to ? msg("scopeRange", { from: readable(from), to: readable(to) }) : from ? msg("scopeFrom", { from: readable(from) }) : to ? msg("scopeTo", { to: readable(to) }) : "";
  if (domain && time) return msg("scopeDomainAndTime", { domain, time });
  return domain ? msg("scopeDomain", { domain }) : time;
}

/** One entry as a sentence: who did what to what. */
function sentence(entry: Entry): string {
  const who = entry.organizerName ?? entry.organizer ?? msg("historyAutomatic");
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const changed = list.format(Object.keys(after).map(fieldName));
  // A correction records the name; other entries are named by the signature as it is now.
  const signature = entry.signatureName ?? (text(after.name ?? before.name) || msg("historyASignature"));
  switch (`${entry.entity} ${entry.action}`) {
    case "campaign create":
      return msg("historyCreateCampaign", { who });
    case "campaign update":
      return msg("historyUpdateCampaign", { who, fields: changed });
    case "campaign close-at-deadline":
      return msg("historyCloseAtDeadline");
    case "campaign deliver":
      return msg("historyDeliver", { who });
    case "signature approve":
      return msg("historyApprove", { who, name: signature });
    case "signature reject":
      return msg("historyReject", { who, name: signature });
    case "signature merge":
      return msg("historyMerge", { who, name: signature, into: entry.mergedIntoName ?? msg("historyASignature") });
    case "signature keep-both":
      return msg("historyKeepBoth", { who, name: signature });
    case "signature grant-authenticity":
      return msg("historyGrantMark", { who, name: signature });
    case "signature revoke-authenticity":
      return msg("historyRevokeMark", { who, name: signature });
    case "signature update":
      return msg("historyCorrect", { who, fields: changed, name: signature });
    case "signature signer-correct":
      return msg("historySignerCorrect", { fields: changed, name: signature });
    case "signature signer-correction-requested":
      return msg("historySignerAsks", { fields: changed, name: signature });
    case "signature signer-correction-withdrawn":
      return msg("historySignerWithdrawsCorrection", { name: signature });
    case "signature approve-correction":
      return msg("historyApproveCorrection", { who, fields: changed, name: signature });
    case "signature reject-correction":
      return msg("historyRejectCorrection", { who, name: signature });
    case "campaign coalition-invite":
      return msg("historyCoalitionInvite", { who, count: Number(after.invited ?? 0) });
    case "coalition-contact delete":
      return msg("historyCoalitionDelete", { who, name: text(before.organization) });
    case "coalition-contact unsubscribe":
      return msg("historyCoalitionUnsubscribe", { name: text(before.organization) });
    case "signature import":
      return msgCount("historyImport", Number(after.rows ?? 0), { who, source: text(after.source) });
    case "bulk-rejection bulk-reject":
      return msgCount("historyBulkReject", Number(after.rejected ?? 0), { who, scope: scope(after), reason: text(after.reason) });
    case "bulk-rejection undo":
      return msgCount("historyBulkUndo", Number(after.restored ?? 0), { who, scope: scope(after) });
    case "blocklist create":
      return msg("historyBlock", { who, value: text(after.value) });
    case "blocklist delete":
      return msg("historyUnblock", { who, value: text(before.value) });
    case "membership invite":
      return msg("historyInvite", { who, email: text(after.email), role: role(after.role) });
    case "membership revoke-invitation":
      return msg("historyRevokeInvitation", { who, email: text(before.email) });
    case "membership accept":
      return msg("historyAccept", { who, role: role(after.role) });
    case "membership role":
      return msg("historyRole", { who, email: text(after.email), from: role(before.role), role: role(after.role) });
    case "membership remove":
      return msg("historyRemoveMember", { who, email: text(before.email) });
    case "webhook create":
      return msg("historyWebhookCreate", { who, url: text(after.url) });
    case "webhook delete":
      return msg("historyWebhookDelete", { who, url: text(before.url) });
    default:
      return msg("historyOther", { who, action: entry.action, entity: entry.entity });
  }
}

/** Bulk rejections of the last week that nobody undid: the ones the history offers to undo. */
function undoable(entries: Entry[], now = Date.now()) {
  const undone = new Set(entries.filter((entry) => entry.entity === "bulk-rejection" && entry.action === "undo").map((entry) => entry.entityId));
  return new Set(
    entries
      .filter((entry) => entry.action === "bulk-reject" && !undone.has(entry.entityId) && now - new Date(entry.createdAt).getTime() < UNDO_WINDOW_MS)
      .map((entry) => entry.id),
  );
}

/**
 * What organizers changed on a campaign, newest first, each change a sentence, its before and
 * after behind a toggle. A bulk rejection of the last week can be undone from here.
 *
 * @fires signatures-changed - after a bulk rejection was undone
 * @csspart entry - one change
 */
export class UsAuditLog extends LitElement {
  static properties = { slug: { type: String }, notice: { state: true }, failure: { state: true } };

  static styles = [
    shared,
    css`
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        border-bottom: 1px solid var(--_border);
        padding: 0.5rem 0;
        overflow-wrap: anywhere;
      }
      li p {
        margin: 0;
      }
      time {
        display: block;
      }
      dl {
        margin: 0.25rem 0 0;
        font-size: 0.9rem;
      }
      dt {
        font-weight: 600;
        margin-top: 0.25rem;
      }
      dd {
        margin: 0 0 0 1rem;
      }
    `,
  ];

  slug = "";
  notice = "";
  failure = "";

  private readonly entries = new Task(this, {
    task: ([slug], { signal }) => api<AuditLog>(`/campaigns/${slug}/audit`, { signal }),
    args: () => [this.slug],
  });

  render() {
    return html`<p role="status">${this.notice}</p>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.entries.render({
        pending: () => html`<p class="muted">${msg("loading")}</p>`,
        error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
        complete: ({ items }) => {
          const canUndo = undoable(items);
          return items.length
            ? html`<ol>
                ${items.map((entry) => this.renderEntry(entry, canUndo.has(entry.id)))}
              </ol>`
            : html`<p class="muted">${msg("historyEmpty")}</p>`;
        },
      })}`;
  }

  private renderEntry(entry: Entry, canUndo: boolean) {
    const keys = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
    return html`<li part="entry">
      <p><time class="muted" datetime=${entry.createdAt}>${dateTime.format(new Date(entry.createdAt))}</time>${sentence(entry)}</p>
      ${keys.length
        ? html`<details>
            <summary>${msg("historyDetails")}</summary>
            <dl>
              ${keys.map(
                (key) =>
                  html`<dt>${fieldName(key)}</dt>
                    <dd><span class="muted">${msg("historyBefore")}:</span> ${readable(entry.before?.[key])}</dd>
                    <dd><span class="muted">${msg("historyAfter")}:</span> ${readable(entry.after?.[key])}</dd>`,
              )}
            </dl>
          </details>`
        : nothing}
      ${canUndo ? html`<button class="secondary" @click=${() => this.undo(entry)}>${msg("historyUndo")}</button>` : nothing}
    </li>`;
  }

  private async undo(entry: Entry) {
    this.notice = "";
    this.failure = "";
    try {
      const { restored } = await api<BulkRejectionUndone>(`/campaigns/${this.slug}/bulk-rejections/${entry.entityId}/undo`, { method: "POST" });
      this.notice = msgCount("bulkUndone", restored);
      this.dispatchEvent(new CustomEvent("signatures-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
    this.entries.run();
  }
}
