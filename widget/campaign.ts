import { html, nothing } from "lit";
import type { Campaign } from "./api";
import { CampaignElement } from "./element";
import { t, type Locale } from "./i18n";
import { letterNodes } from "./letter";
import { base, css, letterStyles } from "./styles";

/**
 * A campaign on a partner's page: the letter, the live count, the signatory list and the sign-on
 * form. The parts also exist alone: `<undersigned-count>`, `<undersigned-list>`, `<undersigned-form>`.
 *
 * @attr campaign - the campaign's slug, e.g. `nals-2021`
 * @attr api - the API origin; defaults to the origin this script was loaded from
 * @attr lang - `en`, `es` or `fr`; defaults to the page's `<html lang>`. The letter shows in that language when translated.
 * @attr letter - `collapsed` (default: a "Read the letter" toggle), `open`, or `hidden`
 * @slot - shown until the campaign has loaded (the hosted page puts the letter and list there for readers without JavaScript)
 * @fires undersigned-signed - after a sign-on was accepted; `detail`: `{ campaign, kind }`
 * @fires undersigned-error - when a sign-on failed; `detail`: `{ campaign, status, problem }`
 * @csspart letter - the letter, a `<details>` element
 * @csspart letter-toggle - its `<summary>`
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
  };

  static styles = [
    base,
    letterStyles,
    css`
      .root {
        display: grid;
        gap: var(--undersigned-gap, 1.5em);
      }
      details {
        border: 1px solid var(--undersigned-divider, #d8dee4);
        border-radius: var(--undersigned-radius, 6px);
        padding: 0.75em 1em;
      }
      summary {
        cursor: pointer;
        font-weight: 650;
      }
      article h2 {
        font-size: 1.15em;
      }
    `,
  ];

  declare letter: "collapsed" | "open" | "hidden" | undefined;

  /** Once a delivered letter has loaded it: what draws its delivery and responses. */
  #delivery?: typeof import("./delivery");

  #renderLetter(locale: Locale, { letter }: Campaign) {
    const lang = letter.partLang;
    // A date alone ("2021-11-18") is read as midnight UTC, and shown at UTC: the same day everywhere.
    const date = letter.date && new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(letter.date));
    return html`<details part="letter" ?open=${this.letter === "open"}>
      <summary part="letter-toggle">${t(locale, "letterToggle")}</summary>
      <article lang=${lang.body}>
        <h2 lang=${lang.title}>${letter.title}</h2>
        ${date ? html`<p class="muted" lang=${locale}>${date}</p>` : nothing}
        <p lang=${lang.addressees}>${letter.addressees.map((addressee) => html`${addressee}<br />`)}</p>
        ${letter.cc.length ? html`<p class="muted" lang=${locale}>${t(locale, "cc")} <span lang=${lang.cc}>${letter.cc.join("; ")}</span></p>` : nothing}
        ${letter.salutation ? html`<p lang=${lang.salutation}>${letter.salutation}</p>` : nothing}
        ${letterNodes(letter)}
      </article>
    </details>`;
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
      <undersigned-count exportparts="count" campaign=${this.campaign} api=${this.api ?? nothing} lang=${locale}></undersigned-count>
      <undersigned-list
        exportparts="heading,search,country-filter,list,item,name,members,more"
        campaign=${this.campaign}
        api=${this.api ?? nothing}
        lang=${locale}
      ></undersigned-list>
      ${delivered
        ? nothing
        : html`<undersigned-form
            exportparts="heading,form,field,label,error,submit,pending,challenge"
            campaign=${this.campaign}
            api=${this.api ?? nothing}
            lang=${locale}
          ></undersigned-form>`}
    </div>`;
  }
}
