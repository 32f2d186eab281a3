import { Task } from "@lit/task";
import { css, html, LitElement, nothing } from "lit";
import { WEBHOOK_EVENT_TYPES } from "../contract/constants";
import {
  api,
  ApiError,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEndpointCreateRequest,
  type WebhookEndpointList,
  type WebhookEventType,
} from "./api";
import { lang, msg, type MessageKey } from "./messages";
import { shared } from "./styles";

const EVENT_NAMES: Record<WebhookEventType, MessageKey> = {
  "signature.published": "eventSignaturePublished",
  "signature.withdrawn": "eventSignatureWithdrawn",
  "signature.corrected": "eventSignatureCorrected",
  "campaign.closed": "eventCampaignClosed",
  "campaign.delivered": "eventCampaignDelivered",
};

const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" });
const when = (iso: string) => dateTime.format(new Date(iso));

function deliveryState(delivery: WebhookDelivery) {
  if (delivery.status === "delivered") return msg("deliveryDelivered");
  if (delivery.status === "failed") return msg("deliveryFailed");
  return delivery.nextAttemptAt ? msg("deliveryPendingUntil", { when: when(delivery.nextAttemptAt) }) : msg("deliveryPending");
}

const TRIGGERS: Record<WebhookDelivery["attempts"][number]["trigger"], MessageKey> = { schedule: "triggerSchedule", replay: "triggerReplay", test: "triggerTest" };

/**
 * A campaign's webhook endpoints, for its owners: register one (its secret shown once), send it a
 * test event, read its delivery log with every attempt, send a delivery again, remove it.
 *
 * @csspart endpoint - one endpoint
 */
export class UsWebhooksPanel extends LitElement {
  static properties = {
    slug: { type: String },
    notice: { state: true },
    failure: { state: true },
    created: { state: true },
    removing: { state: true },
    logs: { state: true },
  };

  static styles = [
    shared,
    css`
      ul,
      ol {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .address,
      li {
        overflow-wrap: anywhere;
      }
      ol > li {
        border-top: 1px solid var(--_border);
        padding: 0.5rem 0;
      }
      fieldset label {
        display: flex;
        gap: 0.5rem;
        font-weight: 400;
        margin: 0 0 0.4rem;
      }
      .checkbox {
        display: flex;
        gap: 0.5rem;
        font-weight: 400;
      }
      code,
      pre {
        overflow-wrap: anywhere;
        white-space: pre-wrap;
        font-size: 0.85rem;
      }
    `,
  ];

  slug = "";
  notice = "";
  failure = "";
  /** The endpoint just registered, with the secret this is the only chance to copy. */
  created: WebhookEndpointCreated | null = null;
  /** The endpoint whose removal waits for the owner's yes. */
  removing: string | null = null;
  /** The delivery logs opened, by endpoint. */
  logs = new Map<string, WebhookDelivery[]>();

  private readonly endpoints = new Task(this, {
    task: ([slug], { signal }) => api<WebhookEndpointList>(`/campaigns/${slug}/webhooks`, { signal }),
    args: () => [this.slug],
  });

  render() {
    return html`<p role="status">${this.notice}</p>
      ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : nothing}
      ${this.created
        ? html`<div class="card" role="group" aria-labelledby="secret-lead">
            <p id="secret-lead">${msg("webhookSecret", { url: this.created.url })}</p>
            <p><code>${this.created.secret}</code></p>
            <button @click=${() => (this.created = null)}>${msg("webhookSecretDone")}</button>
          </div>`
        : nothing}
      <div class="card">
        <h3>${msg("webhooksTitle")}</h3>
        <p class="muted">${msg("webhooksLead")}</p>
        ${this.endpoints.render({
          pending: () => html`<p class="muted">${msg("loading")}</p>`,
          error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
          complete: ({ items }) =>
            items.length
              ? html`<ul>
                  ${items.map((endpoint) => this.renderEndpoint(endpoint))}
                </ul>`
              : html`<p class="muted">${msg("webhooksEmpty")}</p>`,
        })}
      </div>
      <div class="card">
        <h3>${msg("webhookAddTitle")}</h3>
        <form @submit=${this.register}>
          <label>${msg("webhookUrl")}<input name="url" type="url" required placeholder="https://" /></label>
          <label>${msg("webhookDescription")}<input name="description" maxlength="200" /></label>
          <fieldset>
            <legend>${msg("webhookEvents")}</legend>
            ${WEBHOOK_EVENT_TYPES.map((type) => html`<label><input type="checkbox" name="events" value=${type} checked />${msg(EVENT_NAMES[type])}</label>`)}
          </fieldset>
          <label class="checkbox"><input type="checkbox" name="includeContacts" />${msg("webhookContacts")}</label>
          <button type="submit">${msg("webhookAdd")}</button>
        </form>
      </div>`;
  }

  private renderEndpoint(endpoint: WebhookEndpoint) {
    const log = this.logs.get(endpoint.id);
    return html`<li class="card" part="endpoint">
      <p class="address"><strong>${endpoint.url}</strong>${endpoint.description ? html` · ${endpoint.description}` : nothing}</p>
      <p class="muted">${endpoint.events.join(", ")} · ${msg(endpoint.includeContacts ? "webhookWithContacts" : "webhookPublicOnly")}</p>
      <div class="row">
        <button class="secondary" aria-label=${msg("webhookTestNamed", { url: endpoint.url })} @click=${() => this.test(endpoint)}>${msg("webhookTest")}</button>
        <button class="secondary" aria-expanded=${log ? "true" : "false"} aria-label=${msg("webhookLogNamed", { url: endpoint.url })} @click=${() => this.toggleLog(endpoint)}>
          ${msg("webhookLog")}
        </button>
        ${this.removing === endpoint.id
          ? html`<span role="group" aria-labelledby="remove-${endpoint.id}" class="row">
              <span id="remove-${endpoint.id}">${msg("confirmRemoveWebhook", { url: endpoint.url })}</span>
              <button class="danger" @click=${() => this.removeEndpoint(endpoint)}>${msg("webhookRemove")}</button>
              <button class="secondary" @click=${() => (this.removing = null)}>${msg("cancel")}</button>
            </span>`
          : html`<button class="danger" aria-label=${msg("webhookRemoveNamed", { url: endpoint.url })} @click=${() => (this.removing = endpoint.id)}>
              ${msg("webhookRemove")}
            </button>`}
      </div>
      ${log ? this.renderLog(endpoint, log) : nothing}
    </li>`;
  }

  private renderLog(endpoint: WebhookEndpoint, log: WebhookDelivery[]) {
    if (!log.length) return html`<p class="muted">${msg("webhookLogEmpty")}</p>`;
    return html`<ol aria-label=${msg("webhookLogNamed", { url: endpoint.url })}>
      ${log.map(
        (delivery) => html`<li>
          <p><strong>${delivery.type}</strong> · ${when(delivery.createdAt)} · ${deliveryState(delivery)}</p>
          <ul class="muted">
            ${delivery.attempts.map(
              (attempt) =>
                html`<li>
                  ${msg("attemptLine", {
                    when: when(attempt.at),
                    trigger: msg(TRIGGERS[attempt.trigger]),
                    result: attempt.responseStatus === null ? msg("attemptUnreachable", { error: attempt.error ?? "" }) : msg("attemptAnswered", { status: attempt.responseStatus }),
                    ms: attempt.durationMs,
                  })}
                </li>`,
            )}
          </ul>
          <details>
            <summary>${msg("webhookPayload")}</summary>
            <pre>${delivery.payload}</pre>
          </details>
          <button class="secondary" aria-label=${msg("webhookReplayNamed", { type: delivery.type, when: when(delivery.createdAt) })} @click=${() => this.replay(endpoint, delivery)}>
            ${msg("webhookReplay")}
          </button>
        </li>`,
      )}
    </ol>`;
  }

  private async act(action: () => Promise<string | void>) {
    this.notice = "";
    this.failure = "";
    try {
      this.notice = (await action()) ?? "";
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
  }

  private async loadLog(endpoint: WebhookEndpoint) {
    const { items } = await api<WebhookDeliveryList>(`/campaigns/${this.slug}/webhooks/${endpoint.id}/deliveries`);
    this.logs = new Map(this.logs).set(endpoint.id, items);
  }

  private toggleLog(endpoint: WebhookEndpoint) {
    if (this.logs.has(endpoint.id)) {
      const logs = new Map(this.logs);
      logs.delete(endpoint.id);
      this.logs = logs;
      return;
    }
    return this.act(() => this.loadLog(endpoint));
  }

  private register(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const description = String(data.get("description") ?? "").trim();
    const body: WebhookEndpointCreateRequest = {
      url: String(data.get("url") ?? "").trim(),
      events: data.getAll("events").map(String) as WebhookEventType[],
      includeContacts: data.has("includeContacts"),
      ...(description ? { description } : {}),
    };
    return this.act(async () => {
      this.created = await api<WebhookEndpointCreated>(`/campaigns/${this.slug}/webhooks`, { method: "POST", body });
      form.reset();
      this.endpoints.run();
    });
  }

  private test(endpoint: WebhookEndpoint) {
    return this.act(async () => {
      const delivery = await api<WebhookDelivery>(`/campaigns/${this.slug}/webhooks/${endpoint.id}/test`, { method: "POST" });
      if (this.logs.has(endpoint.id)) await this.loadLog(endpoint);
      return msg("webhookSent", { type: delivery.type, status: deliveryState(delivery) });
    });
  }

  private replay(endpoint: WebhookEndpoint, delivery: WebhookDelivery) {
    return this.act(async () => {
      const replayed = await api<WebhookDelivery>(`/campaigns/${this.slug}/webhooks/${endpoint.id}/deliveries/${delivery.id}/replay`, { method: "POST" });
      await this.loadLog(endpoint);
      const last = replayed.attempts.at(-1);
      return msg("webhookSent", {
        type: replayed.type,
        status: last?.responseStatus ? msg("attemptAnswered", { status: last.responseStatus }) : msg("attemptUnreachable", { error: last?.error ?? "" }),
      });
    });
  }

  private removeEndpoint(endpoint: WebhookEndpoint) {
    return this.act(async () => {
      await api(`/campaigns/${this.slug}/webhooks/${endpoint.id}`, { method: "DELETE" });
      this.removing = null;
      this.endpoints.run();
      return msg("webhookRemoved", { url: endpoint.url });
    });
  }
}
