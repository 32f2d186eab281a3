// Loaded once the page's first element connects, beside the campaign rather than before it: the
// count and the list render from the campaign and its first page, and the socket only keeps them
// current. It imports nothing at run time (a module shared with widget.js would become a chunk
// that every page waits for): it is handed the campaign's address.
import type { Campaign, LiveMessage, PublicSignature } from "../contract";
import type { LiveListener } from "./live";

/** Accent- and case-insensitive form of a text, as the API's `q` search compares. */
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/**
 * Where a live entry goes among the loaded `items` (sorted by `byName`), or -1 where it does not:
 * it fails the list's search or country filter, is there already, or sorts past what is loaded
 * while more remains to load (`complete` false), where its page will bring it.
 */
export function placeOf(entry: PublicSignature, items: PublicSignature[], q: string, country: string, byName: (a: PublicSignature, b: PublicSignature) => number, complete: boolean): number {
  const needle = fold(q);
  const haystack = [entry.name, entry.organization, entry.city, entry.region, ...entry.members];
  if ((country && entry.country !== country) || (needle && !haystack.some((text) => text && fold(text).includes(needle))) || items.some((item) => item.id === entry.id)) return -1;
  const index = items.findIndex((item) => byName(entry, item) < 0);
  return index === -1 && complete ? items.length : index;
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
export class CampaignFeed {
  count?: number;
  #listVersion: number | undefined;
  readonly #listeners = new Set<LiveListener>();
  #socket: WebSocket | undefined;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;

  /** `campaignUrl`: the campaign's cacheable address (no letter translation), `…/api/campaigns/:slug`. */
  constructor(private readonly campaignUrl: string) {}

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
    const socket = new WebSocket(`${this.campaignUrl.replace(/^http/, "ws")}/live`);
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
      this.#listeners.forEach((listener) => listener.signature?.(message.signature, placeOf));
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
    // one may be older) changes nothing. Browsers keep the campaign 10 seconds, less than a poll
    // interval: asking past that copy costs nothing more and keeps every poll current.
    const poll = () =>
      fetch(this.campaignUrl, { cache: "no-cache" })
        .then((response): Promise<Campaign> => (response.ok ? response.json() : Promise.reject()))
        .then(
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
