import { css, html, LitElement } from "lit";
import { api, ApiError } from "./api";
import { msg } from "./messages";
import { shared } from "./styles";

interface ImportResult {
  rows: Array<{ line: number; status: "ok" | "error" | "duplicate"; values: Record<string, unknown>; errors: Array<{ field: string; message: string }>; duplicateOf?: string }>;
  summary: { total: number; ok: number; errors: number; duplicates: number; imported: number };
}

/**
 * CSV import: paste or choose a file, preview every row with its errors, then import the good ones.
 *
 * @csspart preview - the table of previewed rows
 */
export class UsImportPanel extends LitElement {
  static properties = {
    slug: { type: String },
    csv: { state: true },
    source: { state: true },
    result: { state: true },
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
    `,
  ];

  slug = "";
  csv = "";
  source = "import.csv";
  result: ImportResult | null = null;
  message = "";
  failure = "";

  render() {
    return html`<div class="card">
        <p>${msg("importLead")}</p>
        <label>${msg("importCsv")}<textarea rows="8" .value=${this.csv} @input=${(event: Event) => (this.csv = (event.target as HTMLTextAreaElement).value)}></textarea></label>
        <label>${msg("importFile")}<input type="file" accept=".csv,text/csv" @change=${this.readFile} /></label>
        <label>${msg("importSource")}<input .value=${this.source} @input=${(event: Event) => (this.source = (event.target as HTMLInputElement).value)} /></label>
        <div class="row">
          <button @click=${() => this.send(false)} ?disabled=${!this.csv.trim()}>${msg("preview")}</button>
          ${this.result?.summary.ok
            ? html`<button @click=${() => this.send(true)}>${msg("importRows", { count: this.result.summary.ok })}</button>`
            : ""}
          <span role="status">${this.message}</span>
        </div>
        ${this.failure ? html`<p class="error" role="alert">${this.failure}</p>` : ""}
      </div>
      ${this.result ? this.renderPreview(this.result) : ""}`;
  }

  private renderPreview(result: ImportResult) {
    return html`<table part="preview">
      <thead>
        <tr>
          <th scope="col">${msg("line")}</th>
          <th scope="col">${msg("name")}</th>
          <th scope="col">${msg("country")}</th>
          <th scope="col">${msg("status")}</th>
        </tr>
      </thead>
      <tbody>
        ${result.rows.map(
          (row) => html`<tr>
            <td>${row.line}</td>
            <td>${String(row.values.organization ?? "")}</td>
            <td>${String(row.values.country ?? "")}</td>
            <td class=${row.status === "ok" ? "" : "error"}>
              ${row.status === "ok"
                ? msg("rowOk")
                : row.status === "duplicate"
                  ? msg("rowDuplicate", { name: row.duplicateOf ?? "" })
                  : row.errors.map((error) => `${error.field}: ${error.message}`).join("; ")}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private async readFile(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.csv = await file.text();
    this.source = file.name;
  }

  private async send(commit: boolean) {
    this.failure = "";
    this.message = "";
    try {
      this.result = await api<ImportResult>(`/campaigns/${this.slug}/imports`, { method: "POST", body: { csv: this.csv, source: this.source, commit } });
      if (commit) {
        this.message = msg("imported", { count: this.result.summary.imported });
        this.result = null;
        this.csv = "";
      }
    } catch (error) {
      this.failure = error instanceof ApiError ? error.message : msg("errorGeneric");
    }
  }
}
