import { css, html, LitElement, nothing } from "lit";
import type { ImportField } from "../contract";
import { api, ApiError, type ImportRequestBody, type ImportResult } from "./api";
import { lang, msg, msgCount, type MessageKey } from "./messages";
import { shared } from "./styles";

type Row = ImportResult["rows"][number];

/** The fields a column can feed, by the API's names for them. */
const FIELDS: Record<ImportField, MessageKey> = {
  organization: "columnOrganization",
  email: "columnEmail",
  contactName: "columnContactName",
  contactTitle: "columnContactTitle",
  members: "columnMembers",
  website: "columnWebsite",
  country: "columnCountry",
  region: "columnRegion",
  city: "columnCity",
  signedAt: "columnSignedAt",
};

// In UTC, as the import reads a file's dates: the day shown is the day stored, and a day read as
// the month shows as the wrong month's name.
const signedFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" });

/**
 * A row's date as the import read it. A row refused by validation carries its cells as typed,
 * shown as typed; a row without a date is stored as signed on the day of the import.
 */
function signedAt(row: Row) {
  const value = row.values.signedAt;
  if (typeof value === "string" && value) return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) ? signedFormat.format(new Date(value)) : value;
  return row.status === "ok" ? msg("signedAtImport") : "";
}

/**
 * CSV import: paste or choose a file, preview every row with its errors, then import the good ones.
 * What is imported is what was previewed: a change to the text takes the preview away.
 *
 * @fires signatures-changed - after rows were imported
 * @csspart preview - the table of previewed rows
 * @csspart columns - the table of the file's columns and the fields they feed
 */
export class UsImportPanel extends LitElement {
  static properties = {
    slug: { type: String },
    csv: { state: true },
    source: { state: true },
    result: { state: true },
    committed: { state: true },
    sending: { state: true },
    message: { state: true },
    failure: { state: true },
  };

  static styles = [
    shared,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
        margin: 0 0 1rem;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0 0 0.3rem;
      }
      td,
      th {
        border-bottom: 1px solid var(--_border);
        padding: 0.3rem;
        text-align: left;
        vertical-align: top;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
        font-family: ui-monospace, monospace;
      }
      h3 {
        font-size: 1rem;
      }
    `,
  ];

  slug = "";
  csv = "";
  source = "import.csv";
  result: ImportResult | null = null;
  /** Whether `result` reports an import done, rather than previews one. */
  committed = false;
  sending = false;
  message = "";
  failure = "";

  render() {
    return html`<div class="card">
        <p>${msg("importLead")}</p>
        <label
          >${msg("importCsv")}<textarea
            rows="8"
            .value=${this.csv}
            ?readonly=${this.sending}
            @input=${(event: Event) => this.changeCsv((event.target as HTMLTextAreaElement).value)}
          ></textarea
        ></label>
        <label>${msg("importFile")}<input type="file" accept=".csv,text/csv" ?disabled=${this.sending} @change=${this.readFile} /></label>
        <label>${msg("importSource")}<input .value=${this.source} @input=${(event: Event) => (this.source = (event.target as HTMLInputElement).value)} /></label>
        <div class="row">
          <button @click=${() => this.send(false)} ?disabled=${!this.csv.trim()}>${msg("preview")}</button>
          ${this.result && !this.committed && this.result.summary.ok
            ? html`<button @click=${() => this.send(true)}>${msgCount("importRows", this.result.summary.ok)}</button>`
            : nothing}
          <span role="status">${this.message}</span>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
      </div>
      ${this.result ? (this.committed ? this.renderSkipped(this.result) : this.renderPreview(this.result)) : nothing}`;
  }

  private renderPreview(result: ImportResult) {
    return html`<table part="columns">
        <caption>
          ${msg("importColumns")}
        </caption>
        <thead>
          <tr>
            <th scope="col">${msg("importColumn")}</th>
            <th scope="col">${msg("importField")}</th>
          </tr>
        </thead>
        <tbody>
          ${Object.entries(result.columns).map(
            ([heading, field]) =>
              html`<tr>
                <th scope="row">${heading}</th>
                <td class=${field ? "" : "muted"}>${field ? (Object.hasOwn(FIELDS, field) ? msg(FIELDS[field]) : field) : msg("importIgnored")}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${this.renderRows(result.rows)}`;
  }

  /** After an import, the rows it left out stay listed with their reasons, to be fixed and imported again. */
  private renderSkipped(result: ImportResult) {
    const skipped = result.rows.filter((row) => row.status !== "ok");
    if (!skipped.length) return nothing;
    return html`<h3 id="skipped" tabindex="-1">${msgCount("importSkipped", skipped.length)}</h3>
      ${this.renderRows(skipped)}`;
  }

  private renderRows(rows: Row[]) {
    return html`<table part="preview">
      <thead>
        <tr>
          <th scope="col">${msg("line")}</th>
          <th scope="col">${msg("name")}</th>
          <th scope="col">${msg("signedAt")}</th>
          <th scope="col">${msg("country")}</th>
          <th scope="col">${msg("status")}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr>
            <td>${row.line}</td>
            <td>${String(row.values.organization ?? "")}</td>
            <td>${signedAt(row)}</td>
            <td>${String(row.values.country ?? "")}</td>
            <td class=${row.status === "ok" ? "" : "error"}>
              ${row.status === "ok"
                ? msg("rowOk")
                : row.status === "duplicate"
                  ? row.duplicateOfLine
                    ? msg("rowRepeats", { line: row.duplicateOfLine })
                    : msg("rowDuplicate", { name: row.duplicateOf ?? "" })
                  : row.errors.map((error) => `${error.field}: ${error.message}`).join("; ")}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  /** Other text is not what was previewed: the preview, and with it the import button, goes. */
  private changeCsv(csv: string) {
    this.csv = csv;
    this.result = null;
    this.message = "";
  }

  private async readFile(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.changeCsv(await file.text());
    this.source = file.name;
  }

  private async send(commit: boolean) {
    // The text is read-only meanwhile, so the answer is about the text on screen; a second click
    // would import twice.
    if (this.sending) return;
    this.sending = true;
    this.failure = "";
    this.message = "";
    try {
      const result = await api<ImportResult>(`/campaigns/${this.slug}/imports`, {
        method: "POST",
        body: { csv: this.csv, source: this.source, commit } satisfies ImportRequestBody,
      });
      this.result = result;
      this.committed = commit;
      if (commit) {
        this.message = msgCount("imported", result.summary.imported);
        this.csv = "";
        if (result.summary.imported) this.dispatchEvent(new CustomEvent("signatures-changed", { bubbles: true, composed: true }));
        // The import button is gone: the focus goes to the rows left out, or back to the empty text.
        await this.updateComplete;
        (this.renderRoot.querySelector<HTMLElement>("#skipped") ?? this.renderRoot.querySelector("textarea"))?.focus();
      }
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    } finally {
      this.sending = false;
    }
  }
}
