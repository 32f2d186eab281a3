import { css, html, LitElement } from "lit";
import type { Campaign, Locale } from "./api";
import { lang, msg, type MessageKey } from "./messages";
import { shared } from "./styles";

const FORMATS: Array<[string, MessageKey]> = [
  ["csv", "exportCsv"],
  ["json", "exportJson"],
  ["txt", "exportTxt"],
  ["md", "exportMd"],
  ["pdf", "exportPdf"],
];

/** The formats that print the letter, in a language of the campaign's choosing, and may group by country. */
const LETTER_READY = new Set(["txt", "md", "pdf"]);

const languageNames = new Intl.DisplayNames([lang], { type: "language" });

/**
 * The campaign's downloads: the organizers' records (CSV, JSON) and the letter with its list (text,
 * Markdown, PDF) in any language the campaign has.
 */
export class UsExportPanel extends LitElement {
  static properties = {
    campaign: { attribute: false },
    groupByCountry: { state: true },
    letterLang: { state: true },
  };

  static styles = [
    shared,
    css`
      .downloads {
        display: grid;
        gap: 0.5rem;
        justify-items: start;
      }
      label.choice {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 400;
      }
    `,
  ];

  declare campaign: Campaign;
  groupByCountry = false;
  /** The letter-ready formats' language; the campaign's own until chosen. */
  letterLang?: Locale;

  private href(format: string) {
    const query = new URLSearchParams({ format });
    if (LETTER_READY.has(format)) {
      if (this.letterLang && this.letterLang !== this.campaign.language) query.set("lang", this.letterLang);
      if (this.groupByCountry) query.set("groupBy", "country");
    }
    return `/api/admin/campaigns/${this.campaign.slug}/export?${query}`;
  }

  render() {
    const campaign = this.campaign;
    const languages = [campaign.language, ...(Object.keys(campaign.translations) as Locale[]).filter((code) => code !== campaign.language)];
    return html`<div class="card">
      <p>${msg("exportLead")}</p>
      ${languages.length > 1
        ? html`<label
            >${msg("exportLanguage")}<select @change=${(event: Event) => (this.letterLang = (event.target as HTMLSelectElement).value as Locale)}>
              ${languages.map((code) => html`<option value=${code} ?selected=${(this.letterLang ?? campaign.language) === code}>${languageNames.of(code) ?? code}</option>`)}
            </select></label
          >`
        : ""}
      <label class="choice"
        ><input type="checkbox" .checked=${this.groupByCountry} @change=${(event: Event) => (this.groupByCountry = (event.target as HTMLInputElement).checked)} />
        ${msg("groupByCountry")}</label
      >
      <div class="downloads">
        ${FORMATS.map(([format, label]) => html`<a class="button secondary" href=${this.href(format)} download data-format=${format}>${msg(label)}</a>`)}
      </div>
    </div>`;
  }
}
