import { html, nothing } from "lit";
import type { Campaign } from "./api";
import { CampaignElement } from "./element";
import { t, type Locale } from "./i18n";
import { letterNodes } from "./letter";
import { base, css, letterStyles } from "./styles";

/**
 * A campaign on a partner's page: the letter (an excerpt until the reader asks for the rest), the
 * live count with a "Sign this letter" button that leads to the form, the signatory list in a box
 * of its own height, and the sign-on form: on a phone the form is a screen or two down, whatever
 * the length of the list. The parts also exist alone: `<undersigned-count>`, `<undersigned-list>`,
 * `<undersigned-form>`.
 *
 * @attr campaign - the campaign's slug, e.g. `nals-2021`
 * @attr api - the API origin; defaults to the origin this script was loaded from
 * @attr lang - `en`, `es` or `fr`; defaults to the page's `<html lang>`. The letter shows in that language when translated.
 * @attr letter - `collapsed` (default: an excerpt and a "Read the whole letter" toggle), `open`, or `hidden`
 * @attr partner - the partner's short name, sent with each sign-on (see `<undersigned-form>`)
 * @slot - shown until the campaign has loaded (the hosted page puts the letter and list there for readers without JavaScript)
 * @fires undersigned-signed - after a sign-on was accepted; `detail`: `{ campaign, kind }`
 * @fires undersigned-error - when a sign-on failed; `detail`: `{ campaign, status, problem }`
 * @csspart letter - the letter's frame
 * @csspart letter-toggle - its "Read the whole letter" button
 * @csspart lead - the count and the "Sign this letter" button
 * @csspart sign-action - that button
 * @csspart signatories - the list; with `letter`, `lead` and `sign-on` (the form), the grid items, which `order` rearranges
 * @csspart count, heading, search, country-filter, list, item, name, members, more, form, field, label, error, submit, pending - of the parts inside
 * @cssprop --undersigned-font - font family (default: the system UI font)
 * @cssprop --undersigned-font-size - base size; everything scales from it (default `16px`)
 * @cssprop --undersigned-color - text color
 * @cssprop --undersigned-muted - secondary text
 * @cssprop --undersigned-accent - buttons, links and the count
 * @cssprop --undersigned-accent-text - text on accent buttons
 * @cssprop --undersigned-error - error messages and invalid fields
 * @cssprop --undersigned-border - field borders
 * @cssprop --undersigned-divider - lines between list entries
 * @cssprop --undersigned-field-background - field background
 * @cssprop --undersigned-focus - focus ring
 * @cssprop --undersigned-radius - corner radius of fields and buttons
 * @cssprop --undersigned-gap - space between the parts
 */
export class UndersignedCampaign extends CampaignElement {
  static properties = {
    letter: {},
    partner: {},
    expanded: { state: true },
  };

  static styles = [
    base,
    letterStyles,
    css`
      .root {
        display: grid;
        gap: var(--undersigned-gap, 1.5em);
      }
      [part="letter"] {
        border: 1px solid var(--undersigned-divider, #d8dee4);
        border-radius: var(--undersigned-radius, 6px);
        padding: 0.75em 1em;
      }
      article h2 {
        font-size: 1.15em;
      }
      .excerpt {
        max-block-size: 18em;
        overflow: hidden;
        mask-image: linear-gradient(#000 60%, transparent);
      }
      .excerpt:focus-within {
        max-block-size: none;
        mask-image: none;
      }
      .lead {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em 1em;
      }
    `,
  ];

  declare letter: "collapsed" | "open" | "hidden" | undefined;
  declare partner: string | undefined;
  /** Whether the reader opened (or closed) the whole letter; until then, the `letter` attribute says. */
  declare expanded: boolean | undefined;

  /** Once a delivered letter has loaded it: what draws its delivery and responses. */
  #delivery?: typeof import("./delivery");

  #renderLetter(locale: Locale, { letter }: Campaign) {
    const lang = letter.partLang;
    const date = letter.dateText;
    const open = this.expanded ?? this.letter === "open";
    // The excerpt is clipped, not cut: screen readers read on, and a link tabbed to opens the rest.
    return html`<section part="letter">
      <article id="letter" class=${open ? "" : "excerpt"} lang=${lang.body}>
        <h2 lang=${lang.title}>${letter.title}</h2>
        ${date ? html`<p class="muted" lang=${locale}>${date}</p>` : nothing}
        <p lang=${lang.addressees}>${letter.addressees.map((addressee) => html`${addressee}<br />`)}</p>
        ${letter.cc.length ? html`<p class="muted" lang=${locale}>${t(locale, "cc")} <span lang=${lang.cc}>${letter.cc.join("; ")}</span></p>` : nothing}
        ${letter.salutation ? html`<p lang=${lang.salutation}>${letter.salutation}</p>` : nothing}
        ${letterNodes(letter)}
      </article>
      <button class="quiet" part="letter-toggle" aria-controls="letter" aria-expanded=${open} @click=${() => (this.expanded = !open)}>
        ${t(locale, open ? "letterLess" : "letterToggle")}
      </button>
    </section>`;
  }

  render() {
    const locale = this.i18n.locale;
    const campaign = this.loaded.value;
    if (!campaign) {
      // The page's own content (the hosted page's letter and list) stays up when loading failed.
      return this.loaded.error ? html`<div class="root"><p class="alert">${t(locale, this.failure)}</p></div><slot></slot>` : html`<slot></slot>`;
    }
    // A delivered letter takes no signatures: its delivery and answers stand under the letter,
    // and no form.
    const delivered = !!campaign.delivery;
    if (delivered && !this.#delivery) import("./delivery").then((module) => ((this.#delivery = module), this.requestUpdate()));
    return html`<div class="root">
      ${this.letter === "hidden" ? nothing : this.#renderLetter(locale, campaign)}
      ${delivered ? this.#delivery?.deliveryNodes(campaign, locale) : nothing}
      <div class="lead" part="lead">
        <undersigned-count exportparts="count" campaign=${this.campaign} api=${this.api ?? nothing} lang=${locale}></undersigned-count>
        ${campaign.status === "open"
          ? html`<button part="sign-action" @click=${() => this.renderRoot.querySelector("undersigned-form")!.focus()}>${t(locale, "signAction")}</button>`
          : nothing}
      </div>
      <undersigned-list
        part="signatories"
        exportparts="heading,search,country-filter,list,item,name,mark,members,more,note"
        campaign=${this.campaign}
        api=${this.api ?? nothing}
        lang=${locale}
      ></undersigned-list>
      ${delivered
        ? nothing
        : html`<undersigned-form
            part="sign-on"
            exportparts="heading,form,field,label,error,submit,pending,invite,challenge"
            campaign=${this.campaign}
            api=${this.api ?? nothing}
            partner=${this.partner ?? nothing}
            lang=${locale}
          ></undersigned-form>`}
    </div>`;
  }
}
