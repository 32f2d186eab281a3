import { html, nothing } from "lit";
import { fetchSignatures, type PublicSignature } from "./api";
import { countryMenu } from "./countries";
import { CampaignElement } from "./element";
import { countryName, t, type Locale } from "./i18n";
import { LiveController } from "./live";
import { Load } from "./load";
import { base, css } from "./styles";

/** Entries rendered per frame: a thousand fit well inside a frame budget, ten thousand do not. */
const RENDER_CHUNK = 1000;
/**
 * Rows sit in blocks of this many, each but the last (often part full) with `content-visibility:
 * auto` and the height of as many rows of 2.5em until laid out: the browser styles and lays out only
 * the blocks near the viewport, where it would style each row and watch each for visibility. Only
 * the height: a width would also be their minimum, and a grid holding the list (the campaign's own)
 * would widen to it, past the page. The blocks have no role, and the `<ul>` states its own, so that
 * its rows still count as its items.
 */
const ROWS_PER_BLOCK = 50;
const SEARCH_DELAY_MS = 250;


/** An element whose class and part are `part`, appended to `parent` when given. */
function addElement(parent: Element | null, tag: string, part: string) {
  const child = document.createElement(tag);
  parent?.appendChild(child);
  child.className = part;
  child.setAttribute("part", part);
  return child;
}

// What blocks and rows are cloned from: clones share their attributes, cheaper than setting them anew.
const BLOCK = document.createElement("div");
BLOCK.setAttribute("role", "none");
const ROW = addElement(null, "li", "item");
addElement(ROW, "span", "name");
const MEMBERS = addElement(null, "span", "members");
/** The mark of an entry whose authenticity was confirmed; the campaign's `authenticityNote` says what it means. */
const MARK = addElement(null, "span", "mark");
MARK.setAttribute("role", "img");
MARK.textContent = "✓";

const webAddress = (website: string) => (/^https?:\/\//i.test(website) ? website : `https://${website}`);

/**
 * The campaign's published signatories in the reader's collation order, with a search box and a
 * country filter; more load as the reader scrolls, and new ones appear as they confirm.
 *
 * @attr campaign - the campaign's slug
 * @attr api - the API origin; defaults to the origin this script was loaded from
 * @attr lang - `en`, `es` or `fr`; defaults to the page's `<html lang>`
 * @csspart heading - the "Signatories" heading
 * @csspart search - the search box
 * @csspart country-filter - the country menu
 * @csspart list - the `<ul>` of entries
 * @csspart item - one entry
 * @csspart name - an entry's name (a link when it has a website)
 * @csspart members - a coalition's members
 * @csspart mark - the ✓ after a name whose authenticity was confirmed
 * @csspart note - the lines under the list: how many asked not to be named, what ✓ means
 * @csspart more - the "Show more" button
 * @cssprop --undersigned-list-max-height - the height of the box the list scrolls in (default `20em`; `none`: the page scrolls)
 * @cssprop --undersigned-muted - color of places and members
 */
export class UndersignedList extends CampaignElement {
  static properties = {
    items: { state: true },
    nextCursor: { state: true },
    shown: { state: true },
    q: { state: true },
    country: { state: true },
    generation: { state: true },
    version: { state: true },
  };

  static styles = [
    base,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75em;
        margin-block-end: 0.75em;
      }
      .filters > div {
        flex: 1 1 14em;
      }
      label {
        display: block;
        font-weight: 600;
        font-size: 0.9em;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-block-size: var(--undersigned-list-max-height, 20em);
        overflow-y: auto;
        border-block: 1px solid var(--undersigned-divider, #d8dee4);
      }
      ul > :not(:last-child) {
        content-visibility: auto;
        contain-intrinsic-block-size: auto 125em;
      }
      li {
        padding: 0.4em 0;
        border-block-end: 1px solid var(--undersigned-divider, #d8dee4);
      }
      .name {
        font-weight: 600;
      }
      .mark {
        margin-inline-start: 0.25em;
        color: var(--undersigned-accent, #0b57d0);
        font-weight: 700;
      }
      .members {
        display: block;
        font-size: 0.875em;
        color: var(--undersigned-muted, #57606a);
      }
      .more {
        margin-block-start: 0.75em;
      }
    `,
  ];

  declare items: PublicSignature[];
  declare nextCursor: string | null;
  declare shown: number;
  declare q: string;
  declare country: string;
  /** Rises when a failed read is retried. */
  declare generation: number;
  /** The list version the live feed last asked to reread, for an address no older cached copy answers. */
  declare version: number | undefined;

  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Which `<ul>` holds rows, for which entries, in which language; the rows in entry order. */
  #rendered: { list?: Element; locale?: Locale; entries: PublicSignature[]; rows: Element[] } = { entries: [], rows: [] };
  /** A list that scrolls in its own box (--undersigned-list-max-height) must be reachable by keyboard. */
  readonly #resized = new ResizeObserver(([{ target }]) => {
    (target as HTMLElement).tabIndex = target.scrollHeight > target.clientHeight ? 0 : -1;
  });
  #nextChunk: number | undefined;
  readonly #scrolledToEnd = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) this.#loadMore();
  }, { rootMargin: "600px" });

  constructor() {
    super();
    this.items = [];
    this.nextCursor = null;
    this.shown = RENDER_CHUNK;
    this.q = "";
    this.country = "";
    this.generation = 0;
  }

  /**
   * Compares names as the API orders them, punctuation collapsed to a space ("Al Otro Lado" before
   * "Alianza", «"Como nacido…"» among the C's), but in the reader's language ("ñ" after "n").
   */
  get #byName() {
    const { compare } = new Intl.Collator(this.i18n.locale, { sensitivity: "base", numeric: true });
    const words = (name: string) => name.replace(/[^\p{L}\p{N}\p{M}]+/gu, " ").trim();
    return (a: PublicSignature, b: PublicSignature) => compare(words(a.name), words(b.name));
  }

  readonly #countries = countryMenu(this, () => this.country);

  readonly #live = new LiveController(this, () => ({ api: this.origin, slug: this.campaign }), {
    signature: (signature, placeOf) => this.#insert(signature, placeOf(signature, this.items, this.q, this.country, this.#byName, !this.nextCursor)),
    refresh: (listVersion) => (this.version = listVersion),
  });

  readonly #firstPage = new Load(
    this,
    async ([api, slug, q, country, , version], signal) => {
      if (!slug) return;
      const page = await fetchSignatures(api, slug, { q, country, version }, signal);
      this.items = this.#merged([], page.items);
      this.nextCursor = page.nextCursor;
      this.shown = RENDER_CHUNK;
    },
    () => [this.origin, this.campaign, this.q, this.country, this.generation, this.version] as const,
  );

  readonly #nextPage = new Load(this, async ([api, slug, q, country, cursor, version]: [string, string, string, string, string, number | undefined], signal) => {
    const page = await fetchSignatures(api, slug, { q, country, cursor, version }, signal);
    this.items = this.#merged(this.items, page.items);
    this.nextCursor = page.nextCursor;
  });

  /**
   * A page appended to what is loaded. Pages come in the API's collation order; each is sorted with
   * the reader's collator (live entries are placed with it too), without re-sorting what is shown.
   */
  #merged(items: PublicSignature[], page: PublicSignature[]) {
    const known = new Set(items.map((item) => item.id));
    return [...items, ...page.filter((item) => !known.has(item.id)).sort(this.#byName)];
  }

  /** A live entry goes in where it belongs in what is loaded, if anywhere (see `placeOf`). */
  #insert(signature: PublicSignature, index: number) {
    if (index < 0) return;
    this.items = this.items.toSpliced(index, 0, signature);
    // One more row shown, so that rendering inserts one row rather than shifting the rest.
    if (index < this.shown) this.shown++;
  }

  #loadMore() {
    if (!this.nextCursor || this.#nextPage.pending || this.#firstPage.pending) return;
    this.#nextPage.run([this.origin, this.campaign, this.q, this.country, this.nextCursor, this.version]);
  }

  #search(event: Event) {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => (this.q = value), SEARCH_DELAY_MS);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#scrolledToEnd.disconnect();
    this.#resized.disconnect();
    cancelAnimationFrame(this.#nextChunk!);
    this.#nextChunk = undefined;
  }

  protected updated() {
    const list = this.renderRoot.querySelector("ul");
    if (!list) return;
    this.#renderRows(list);
    // Long lists render a chunk per frame so that no single task blocks the page.
    if (this.shown < this.items.length && this.#nextChunk === undefined) {
      this.#nextChunk = requestAnimationFrame(() => {
        this.#nextChunk = undefined;
        this.shown += RENDER_CHUNK;
      });
    }
    // The last row rather than the button under the box: only a row scrolled into the box's view
    // counts as seen.
    this.#scrolledToEnd.disconnect();
    if (this.renderRoot.querySelector(".more")) this.#scrolledToEnd.observe(list.lastElementChild!.lastElementChild!);
  }

  /**
   * The rows are built with the DOM API rather than Lit templates, several times faster for
   * thousands of entries, and only where the entries changed: a new page appends, a live entry
   * inserts one row. New rows at the end fill the last block before starting another.
   */
  #renderRows(list: HTMLElement) {
    const locale = this.i18n.locale;
    const entries = this.items.slice(0, this.shown);
    let { entries: previous, rows } = this.#rendered;
    if (this.#rendered.list !== list || this.#rendered.locale !== locale) {
      if (this.#rendered.list !== list) this.#resized.observe(list);
      list.replaceChildren();
      previous = rows = [];
    }
    let start = 0;
    while (start < previous.length && previous[start] === entries[start]) start++;
    let previousEnd = previous.length;
    let end = entries.length;
    while (previousEnd > start && end > start && previous[previousEnd - 1] === entries[end - 1]) {
      previousEnd--;
      end--;
    }
    const added = entries.slice(start, end).map((entry) => this.#row(locale, entry));
    const following = rows[previousEnd];
    for (const row of rows.splice(start, previousEnd - start, ...added)) row.remove();
    for (const block of [...list.children]) if (!block.firstChild) block.remove();
    if (following) for (const row of added) following.parentNode!.insertBefore(row, following);
    else {
      let block = list.lastElementChild;
      for (const row of added) {
        if (!block || block.childElementCount >= ROWS_PER_BLOCK) block = list.appendChild(BLOCK.cloneNode() as Element);
        block.appendChild(row);
      }
    }
    this.#rendered = { list, locale, entries, rows };
  }

  #row(locale: Locale, entry: PublicSignature) {
    const row = ROW.cloneNode(true) as Element;
    const title = entry.kind === "individual" && entry.organization ? `${entry.name} (${entry.organization})` : entry.name;
    if (entry.website) row.firstChild!.appendChild(Object.assign(document.createElement("a"), { href: webAddress(entry.website), rel: "nofollow ugc", target: "_blank", textContent: title }));
    else row.firstChild!.textContent = title;
    if (entry.authenticated) {
      const mark = MARK.cloneNode(true) as Element;
      const label = t(locale, entry.authenticated === "domain" ? "authenticatedDomain" : "authenticatedOrganizer");
      mark.setAttribute("aria-label", label);
      mark.setAttribute("title", label);
      row.firstChild!.after(mark);
    }
    const place = [entry.city, entry.region, entry.country && countryName(locale, entry.country)].filter(Boolean).join(", ");
    if (place) row.append(`, ${place}`);
    if (entry.members.length) row.appendChild(Object.assign(MEMBERS.cloneNode(), { textContent: `${t(locale, "members")} ${entry.members.join(", ")}` }));
    return row;
  }

  render() {
    const locale = this.i18n.locale;
    const loading = this.#firstPage.pending || this.#nextPage.pending;
    const failed = this.#firstPage.error || this.#nextPage.error;
    const filtered = this.q || this.country;
    const campaign = this.loaded.value;
    if (!this.i18n.ready) return nothing;
    return html`<div class="root">
      <h2 part="heading">${t(locale, "signatories")}</h2>
      <div class="filters">
        <div>
          <label for="search">${t(locale, "search")}</label>
          <input id="search" type="search" part="search" autocomplete="off" @input=${this.#search} />
        </div>
        <div>
          <label for="country">${t(locale, "country")}</label>
          <select id="country" part="country-filter" @change=${(event: Event) => (this.country = (event.target as HTMLSelectElement).value)}>
            <option value="">${t(locale, "allCountries")}</option>
            ${this.#countries(locale)}
          </select>
        </div>
      </div>
      <ul part="list" role="list" aria-busy=${loading ? "true" : "false"}></ul>
      ${failed
        ? html`<p class="alert">${t(locale, "listFailed")} <button class="quiet" @click=${() => this.generation++}>${t(locale, "retry")}</button></p>`
        : loading
          ? html`<p class="muted">${t(locale, "loading")}</p>`
          : this.items.length
            ? nothing
            : html`<p class="muted">${t(locale, filtered ? "noMatch" : "empty")}</p>`}
      ${this.nextCursor && this.shown >= this.items.length && !loading
        ? html`<button class="quiet more" part="more" @click=${this.#loadMore}>${t(locale, "more")}</button>`
        : nothing}
      ${campaign?.unnamedNote ? html`<p class="muted" part="note">${campaign.unnamedNote}</p>` : nothing}
      ${campaign?.authenticityNote ? html`<p class="muted" part="note">${campaign.authenticityNote}</p>` : nothing}
    </div>`;
  }
}
