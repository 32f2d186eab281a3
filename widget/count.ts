import { html, nothing } from "lit";
import { CampaignElement } from "./element";
import { formatCount } from "./i18n";
import { LiveController } from "./live";
import { base, css } from "./styles";

/**
 * The campaign's live signatory count, and under it, while the campaign has a deadline, when
 * signing closes (a sentence the API writes in the reader's language and the campaign's time
 * zone). Changes of the count are announced politely to screen readers.
 *
 * @attr campaign - the campaign's slug, e.g. `nals-2021`
 * @attr api - the API origin; defaults to the origin this script was loaded from
 * @attr lang - `en`, `es` or `fr`; defaults to the page's `<html lang>`
 * @csspart count - the count's text
 * @cssprop --undersigned-count-size - font size of the count (default `1.5em`)
 * @cssprop --undersigned-accent - color of the count
 */
export class UndersignedCount extends CampaignElement {
  static styles = [
    base,
    css`
      .count {
        font-size: var(--undersigned-count-size, 1.5em);
        font-weight: 700;
        color: var(--undersigned-accent, #0b57d0);
      }
    `,
  ];

  readonly #live = new LiveController(this, () => ({ api: this.origin, slug: this.campaign }), {
    count: () => this.requestUpdate(),
  });

  render() {
    const locale = this.i18n.locale;
    const count = this.#live.count ?? this.loaded.value?.count;
    const deadline = this.loaded.value?.deadline;
    // The live region exists before its text changes, or the change would not be announced.
    return html`<div class="root"><span class="count" part="count" role="status">${count === undefined ? "" : formatCount(locale, count)}</span>${deadline ? html`<p>${deadline}</p>` : nothing}</div>`;
  }
}
