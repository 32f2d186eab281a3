// The table every scenario adds to, printed at the end and written into BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { ENV, ROOT } from "./workers.ts";

export interface Row {
  scenario: string;
  figure: string;
  product: number | string;
  /** The same figure for the baseline Worker, where it has one. */
  baseline?: number;
  unit?: string;
  target?: string;
  /** Whether the target holds; left out where there is no target. */
  holds?: boolean;
}

export const rows: Row[] = [];
export const add = (row: Row) => rows.push(row);
export const unavailable = (scenario: string, why: string) => add({ scenario, figure: "not available", product: why });

/** Tables of their own (Lighthouse's), written under the main one: a heading and its Markdown. */
export const sections: Array<{ title: string; markdown: string }> = [];
export const addSection = (title: string, markdown: string) => sections.push({ title, markdown });

const format = (value: number | string | undefined, unit = "") => {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ""}`;
};

const ratio = (row: Row) =>
  typeof row.product === "number" && row.baseline !== undefined && row.baseline !== 0 ? `${(row.product / row.baseline).toFixed(2)}×` : "";

export function table(): string {
  const header = ["scenario", "figure", "product", "baseline", "product ÷ baseline", "target", "holds"];
  const lines = rows.map((row) => [
    row.scenario,
    row.figure,
    format(row.product, row.unit),
    format(row.baseline, row.unit),
    ratio(row),
    row.target ?? "",
    row.holds === undefined ? "" : row.holds ? "yes" : "**no**",
  ]);
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.map(escape).join(" | ")} |`).join("\n");
}

export function machine() {
  const wrangler = execFileSync(join(ROOT, "node_modules/.bin/wrangler"), ["--version"], { encoding: "utf8", env: ENV });
  return {
    date: new Date().toISOString(),
    node: process.version,
    wrangler: wrangler.trim().split("\n").at(-1)!.replace(/^.*?(\d+\.\d+\.\d+).*$/, "$1"),
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
  };
}
