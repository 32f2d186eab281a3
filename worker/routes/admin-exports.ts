import { Hono } from "hono";
import { ExportQuery } from "../admin-schemas";
import type { AppEnv } from "../env";
import { validated } from "../lib/validation";
import { memberCampaign, requireOrganizer } from "../middleware";
import { blockExport, csvExport, jsonExport, textStream, type ExportOptions } from "../services/exports";
import { pdfExport } from "../services/pdf-export";

/**
 * `GET /api/admin/campaigns/:slug/export?format=csv|json|txt|md|pdf[&groupBy=country][&include=all|published]`.
 * The spreadsheet and JSON hold every status by default (they are the organizers' records); the
 * letter-ready formats hold the published list.
 */
export const adminExports = new Hono<AppEnv>();

adminExports.use(requireOrganizer, memberCampaign);

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  md: "text/markdown; charset=utf-8",
  pdf: "application/pdf",
} as const;

adminExports.get("/", validated("query", ExportQuery), async (c) => {
  const { format, groupBy, include } = c.req.valid("query");
  const campaign = c.var.campaign;
  const records = format === "csv" || format === "json";
  const options: ExportOptions = {
    publishedOnly: include ? include === "published" : !records,
    groupByCountry: groupBy === "country",
  };
  const headers = {
    "Content-Type": CONTENT_TYPES[format],
    "Content-Disposition": `attachment; filename="${campaign.slug}-signatories.${format}"`,
    "Cache-Control": "no-store",
  };
  if (format === "pdf") return new Response(pdfExport(c.var.db, campaign, options), { headers });
  const pieces =
    format === "csv"
      ? csvExport(c.var.db, campaign, options)
      : format === "json"
        ? jsonExport(c.var.db, campaign, options)
        : blockExport(c.var.db, campaign, options, format);
  return new Response(textStream(pieces), { headers });
});
