import { Task } from "@lit/task";
import { css, html, LitElement } from "lit";
import { api, type PartnerStats } from "./api";
import { lang, msg } from "./messages";
import { shared } from "./styles";

const regions = new Intl.DisplayNames([lang], { type: "region" });
const dayFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });

const partnerLabel = (partner: string | null) => partner ?? msg("partnerDirect");

/**
 * The dashboard's partners view: which partner brought whom (sign-ons, confirmations and
 * publications, in total and per day, direct ones apart), and each country's published count
 * against its target with the partners active there.
 *
 * @csspart partners - the table of partners' totals
 * @csspart coverage - the table of countries
 */
export class UsPartnersPanel extends LitElement {
  static properties = { slug: { type: String } };

  static styles = [
    shared,
    css`
      td.number {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      progress {
        width: 8rem;
        vertical-align: middle;
        margin-right: 0.5rem;
      }
    `,
  ];

  slug = "";

  private readonly stats = new Task(this, {
    task: ([slug], { signal }) => api<PartnerStats>(`/campaigns/${slug}/partners`, { signal }),
    args: () => [this.slug],
  });

  render() {
    return this.stats.render({
      pending: () => html`<p class="muted" role="status">${msg("loading")}</p>`,
      error: () => html`<p class="error" role="alert">${msg("errorGeneric")}</p>`,
      complete: (stats) => html`${this.renderPartners(stats)}${this.renderCoverage(stats)}`,
    });
  }

  private renderTallies(row: { signOns: number; confirmations: number; publications: number }) {
    return html`<td class="number">${row.signOns}</td>
      <td class="number">${row.confirmations}</td>
      <td class="number">${row.publications}</td>`;
  }

  private renderPartners({ partners, perDay }: PartnerStats) {
    const head = html`<th scope="col">${msg("signOnsColumn")}</th>
      <th scope="col">${msg("confirmationsColumn")}</th>
      <th scope="col">${msg("publicationsColumn")}</th>`;
    return html`<div class="card">
      <h3>${msg("partnersTitle")}</h3>
      <p class="muted">${msg("partnersLead")}</p>
      ${partners.length
        ? html`<div class="scroll">
              <table part="partners">
                <thead>
                  <tr>
                    <th scope="col">${msg("partnerColumn")}</th>
                    ${head}
                  </tr>
                </thead>
                <tbody>
                  ${partners.map((row) => html`<tr><th scope="row">${partnerLabel(row.partner)}</th>${this.renderTallies(row)}</tr>`)}
                </tbody>
              </table>
            </div>
            <details>
              <summary>${msg("partnersPerDay")}</summary>
              <div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">${msg("dayColumn")}</th>
                      <th scope="col">${msg("partnerColumn")}</th>
                      ${head}
                    </tr>
                  </thead>
                  <tbody>
                    ${perDay.map(
                      (row) =>
                        html`<tr>
                          <td>${dayFormat.format(new Date(row.day))}</td>
                          <th scope="row">${partnerLabel(row.partner)}</th>
                          ${this.renderTallies(row)}
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            </details>`
        : html`<p class="muted">${msg("partnersNone")}</p>`}
    </div>`;
  }

  private renderCoverage({ countries }: PartnerStats) {
    return html`<div class="card">
      <h3>${msg("coverageTitle")}</h3>
      <p class="muted">${msg("coverageLead")}</p>
      ${countries.length
        ? html`<div class="scroll">
            <table part="coverage">
              <thead>
                <tr>
                  <th scope="col">${msg("coverageCountry")}</th>
                  <th scope="col">${msg("coverageProgress")}</th>
                  <th scope="col">${msg("coveragePartners")}</th>
                </tr>
              </thead>
              <tbody>
                ${countries.map((row) => {
                  const name = msg("countryName", { name: regions.of(row.country) ?? row.country, code: row.country });
                  const progress = row.target === null ? msg("coverageNoTarget", { published: row.published }) : msg("coverageOf", { published: row.published, target: row.target });
                  return html`<tr>
                    <th scope="row">${name}</th>
                    <td>
                      ${row.target === null ? "" : html`<progress max=${row.target} .value=${Math.min(row.published, row.target)} aria-label=${`${name}: ${progress}`}></progress>`}${progress}
                    </td>
                    <td>${row.partners.join(", ")}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">${msg("coverageNone")}</p>`}
    </div>`;
  }
}
