import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { LiveMessage } from "../contract";
import { fetchCampaign, liveUrl, type PublicSignature } from "./api";

export interface LiveListener {
  /** The count changed (or became known). */
  count?(count: number): void;
  /** One signature was published and nothing else changed. */
  signature?(signature: PublicSignature): void;
  /** The list changed in another way (removal, correction, missed messages): reread it at `listVersion`. */
  refresh?(listVersion: number): void;
}

const POLL_INTERVAL_MS = 30_000;
const PING_INTERVAL_MS = 30_000;
const MAX_RETRY_MS = 60_000;

/**
 * One campaign's changes, for every element on the page that shows it: one WebSocket to the
 * campaign's live object, reopened with backoff when it drops. While the socket cannot open, the
 * cacheable campaign endpoint is polled instead: at once, for the list version to compare with,
 * then every 30 seconds; a newer list version (a new entry, or a correction that keeps the count)
 * makes the elements reread the list.
 */
class CampaignFeed {
  count?: number;
  #listVersion: number | undefined;
  readonly #listeners = new Set<LiveListener>();
  #socket: WebSocket | undefined;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly api: string,
    private readonly slug: string,
  ) {}

  subscribe(listener: LiveListener) {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#connect();
  }

  unsubscribe(listener: LiveListener) {
    this.#listeners.delete(listener);
    if (this.#listeners.size) return;
    clearTimeout(this.#retryTimer);
    this.#stopPolling();
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close();
  }

  #connect() {
    let opened = false;
    const socket = new WebSocket(liveUrl(this.api, this.slug));
    this.#socket = socket;
    socket.onopen = () => {
      opened = true;
      this.#failures = 0;
      this.#stopPolling();
      // Proxies close idle sockets; the live object answers pings without waking up.
      this.#pingTimer = setInterval(() => socket.send("ping"), PING_INTERVAL_MS);
    };
    socket.onmessage = (event) => {
      if (event.data !== "pong") this.#receive(JSON.parse(event.data));
    };
    // A socket the page's Content-Security-Policy refuses reports an error and never a close in
    // Chromium: either one ends it.
    socket.onerror = socket.onclose = () => {
      clearInterval(this.#pingTimer);
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (!opened) this.#startPolling();
      const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** this.#failures++) * (0.5 + Math.random() / 2);
      this.#retryTimer = setTimeout(() => this.#connect(), delay);
    };
  }

  #receive(message: LiveMessage) {
    const known = this.#listVersion;
    if (known !== undefined && message.listVersion <= known && message.type !== "hello") return;
    this.#listVersion = message.listVersion;
    this.#setCount(message.count);
    if (message.type === "signature" && (known === undefined || message.listVersion === known + 1)) {
      this.#listeners.forEach((listener) => listener.signature?.(message.signature));
    } else if (known !== undefined && message.listVersion !== known) {
      this.#listeners.forEach((listener) => listener.refresh?.(message.listVersion));
    }
  }

  #setCount(count: number) {
    if (count === this.count) return;
    this.count = count;
    this.#listeners.forEach((listener) => listener.count?.(count));
  }

  #startPolling() {
    if (this.#pollTimer) return;
    // Read as the socket's refresh message: an answer no newer than what the page has (a cached
    // one may be older) changes nothing.
    const poll = () =>
      fetchCampaign(this.api, this.slug).then(
        ({ count, listVersion }) => this.#receive({ type: "refresh", count, listVersion }),
        () => {},
      );
    poll();
    this.#pollTimer = setInterval(poll, POLL_INTERVAL_MS);
  }

  #stopPolling() {
    clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }
}

const feeds = new Map<string, CampaignFeed>();

/**
 * Subscribes its element to a campaign's live changes while connected, following changes of the
 * element's `api` or `campaign`.
 */
export class LiveController implements ReactiveController {
  #feed: CampaignFeed | undefined;
  #key: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => { api: string; slug: string | undefined },
    private readonly listener: LiveListener,
  ) {
    host.addController(this);
  }

  /** The newest count heard, if any. */
  get count(): number | undefined {
    return this.#feed?.count;
  }

  hostConnected() {
    this.#follow();
  }

  hostUpdate() {
    this.#follow();
  }

  hostDisconnected() {
    this.#feed?.unsubscribe(this.listener);
    this.#feed = this.#key = undefined;
  }

  #follow() {
    const { api, slug } = this.source();
    const key = slug ? `${api} ${slug}` : undefined;
    if (key === this.#key) return;
    this.hostDisconnected();
    if (!key) return;
    let feed = feeds.get(key);
    if (!feed) feeds.set(key, (feed = new CampaignFeed(api, slug!)));
    this.#key = key;
    this.#feed = feed;
    feed.subscribe(this.listener);
  }
}
