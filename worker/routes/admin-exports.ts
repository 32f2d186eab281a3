import { ExportQuery, problemResponse, SlugParams } from "../../contract";
import { organizerRoute } from "../lib/openapi";
import { publicBaseUrl } from "../lib/urls";
import { createApi } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { exportLanguage } from "../services/export-letter";
import { csvExport, jsonExport, letterExport, textStream, type ExportOptions } from "../services/exports";
import { pdfExport } from "../services/pdf-export";

/**
 * `GET /api/admin/campaigns/:slug/export?format=csv|json|txt|md|pdf[&lang=en|es|fr][&groupBy=country][&include=all|published]`.
 * The spreadsheet and JSON hold every status by default (they are the organizers' records); the
 * letter-ready formats hold the letter and its published list, in `lang` where the campaign has it.
 */
export const adminExports = createApi();

adminExports.use(requireOrganizer, memberCampaign);

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  pdf: "application/pdf",
} as const;

const file = (description: string) => ({ schema: { type: "string" as const, description } });

adminExports.openapi(
  organizerRoute({
    method: "get",
    path: "/",
    minimumRole: "viewer",
    description: "A viewer's spreadsheet and JSON leave out the contact's name, title and email.",
    summary: "Export the list: a spreadsheet, JSON, a letter-ready block of names, or the letter as a PDF",
    request: { params: SlugParams, query: ExportQuery },
    responses: {
      200: {
        description: "The file, as an attachment",
        content: {
          "text/csv": file("Every status by default; no cell starts a formula"),
          "application/json": file("Every status by default"),
          "text/plain": file("The published list, letter-ready"),
          "text/markdown": file("The published list, letter-ready"),
          "application/pdf": { schema: { type: "string" as const, format: "binary" } },
        },
      },
      404: problemResponse("No such campaign"),
      422: problemResponse("Unknown format or option, or a `lang` the campaign has no text in"),
    },
  }),
  async (c) => {
    const { format, groupBy, include, lang } = c.req.valid("query");
    const campaign = c.get("campaign");
    const records = format === "csv" || format === "json";
    const options: ExportOptions = {
      publishedOnly: include ? include === "published" : !records,
      groupByCountry: groupBy === "country",
      withContacts: c.get("role") !== "viewer",
      lang: exportLanguage(campaign, lang),
      baseUrl: publicBaseUrl(c),
    };
    const translated = options.lang === campaign.language ? "" : `-${options.lang}`;
    const headers = {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${campaign.slug}-signatories${translated}.${format}"`,
      "Cache-Control": "no-store",
    };
    if (format === "pdf") return new Response(pdfExport(c.get("db"), campaign, options), { headers });
    const pieces =
      format === "csv"
        ? csvExport(c.get("db"), campaign, options)
        : format === "json"
          ? jsonExport(c.get("db"), campaign, options)
          : letterExport(c.get("db"), campaign, options, format);
    return new Response(textStream(pieces), { headers });
  },
);
