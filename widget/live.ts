import type { ReactiveController, ReactiveControllerHost } from "lit";
import { campaignPath, type PublicSignature } from "./api";
import type { CampaignFeed } from "./feed";

export interface LiveListener {
  /** The count changed (or became known). */
  count?(count: number): void;
  /** One signature was published and nothing else changed; `placeOf` finds where it goes in a list. */
  signature?(signature: PublicSignature, placeOf: typeof import("./feed").placeOf): void;
  /** The list changed in another way (removal, correction, missed messages): reread it at `listVersion`. */
  refresh?(listVersion: number): void;
}

/** The live feed's code (./feed.ts), a chunk of its own that the first render does not wait for. */
let feedModule: Promise<typeof import("./feed")> | undefined;
const feeds = new Map<string, CampaignFeed>();

/**
 * Subscribes its element to a campaign's live changes while connected, following changes of the
 * element's `api` or `campaign`: one feed per campaign for every element on the page.
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
    const key = slug && campaignPath(api, slug);
    if (key === this.#key) return;
    this.hostDisconnected();
    if (!key) return;
    this.#key = key;
    (feedModule ??= import("./feed")).then(({ CampaignFeed }) => {
      // Moved to another campaign, or off the page, while the code loaded.
      if (this.#key !== key) return;
      let feed = feeds.get(key);
      if (!feed) feeds.set(key, (feed = new CampaignFeed(key)));
      this.#feed = feed;
      feed.subscribe(this.listener);
    });
  }
}
