import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Campaign } from "../../schema/tables";
import boldFont from "../assets/NotoSans-Bold.subset.ttf";
import regularFont from "../assets/NotoSans-Regular.subset.ttf";
import type { Database } from "../env";
import { letterIn } from "../queries/campaigns";
import { letterEntry, letterList, type ExportOptions } from "./exports";

/**
 * The letter as a PDF: date, addressees, salutation, body and the signatory list, in Noto Sans so
 * that every accent and script the subset covers prints as typed, paginated with page numbers.
 * pdf-lib keeps the document in memory until it is saved; the fonts are subset to the glyphs used.
 * The list is read a page at a time like every export, but the document is built whole: see
 * bench/export-100k.ts for what a 100,000-name letter costs.
 */

/**
 * The PDF is built whole in memory (pdf-lib): at 100,000 names it needs about a minute and far
 * more than a Worker's 128 MB (bench/export-100k.ts). Letters carry tens to hundreds of names;
 * this bound leaves room for the largest coalition letters, and bigger lists export as text.
 */
export const MAX_PDF_SIGNATURES = 5_000;

const PAGE = { width: 612, height: 792, margin: 64 };
const SIZES = { title: 16, text: 11, small: 9, heading: 12 };
const LEADING = 1.45;
const INK = rgb(0.12, 0.12, 0.12);
const MUTED = rgb(0.4, 0.4, 0.4);

const SIGNATORIES: Record<Campaign["language"], string> = { en: "Signatories", es: "Firmantes", fr: "Signataires" };

/** Markdown as the printed letter shows it: paragraphs of plain text, list items with bullets. */
export function markdownParagraphs(markdown: string): string[] {
  return markdown
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .flatMap((block) =>
      block
        .split(/\n(?=\s*(?:[-*+]|\d+\.)\s)/)
        .map((part) =>
          part
            .replace(/^\s*#{1,6}\s+/, "")
            .replace(/^\s*[-*+]\s+/, "• ")
            .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "$1 ($2)")
            .replace(/(\*\*|__)(.+?)\1/g, "$2")
            .replace(/(\*|_)(.+?)\1/g, "$2")
            .replace(/`([^`]+)`/g, "$1")
            .replace(/\\([\\`*_{}[\]()#+\-.!])/g, "$1")
            .replace(/\s*\n\s*/g, " ")
            .trim(),
        ),
    )
    .filter(Boolean);
}

/**
 * Text widths from per-character advances, cached: pdf-lib measures a string by laying it out
 * whole, which costs a fraction of a millisecond each time, and wrapping measures every word.
 */
class Widths {
  private readonly advances = new Map<string, number>();

  constructor(private readonly font: PDFFont) {}

  of(text: string, size: number): number {
    let width = 0;
    for (const ch of text) {
      let advance = this.advances.get(ch);
      if (advance === undefined) {
        advance = this.font.widthOfTextAtSize(ch, 1);
        this.advances.set(ch, advance);
      }
      width += advance;
    }
    return width * size;
  }
}

class Layout {
  private page!: PDFPage;
  private readonly widths: Map<PDFFont, Widths>;
  private y = 0;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.widths = new Map([regular, bold].map((font) => [font, new Widths(font)]));
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(this.page);
    this.y = PAGE.height - PAGE.margin;
  }

  /** Breaks text into lines that fit the column, words kept whole unless a word alone is too wide. */
  wrap(text: string, font: PDFFont, size: number, width = PAGE.width - 2 * PAGE.margin): string[] {
    const measure = this.widths.get(font)!;
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (measure.of(candidate, size) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      current = word;
      while (measure.of(current, size) > width) {
        let cut = current.length - 1;
        while (cut > 1 && measure.of(current.slice(0, cut), size) > width) cut--;
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current) lines.push(current);
    return lines;
  }

  text(text: string, { font = this.regular, size = SIZES.text, indent = 0, color = INK, after = 0 } = {}) {
    const lines = this.wrap(text, font, size, PAGE.width - 2 * PAGE.margin - indent);
    lines.forEach((line) => {
      if (this.y - size * LEADING < PAGE.margin) this.newPage();
      this.y -= size * LEADING;
      this.page.drawText(line, { x: PAGE.margin + indent, y: this.y, size, font, color });
    });
    this.y -= after;
  }

  gap(points: number) {
    this.y -= points;
  }

  /** Keeps a heading with at least a few lines of what follows it. */
  keepWithNext(points: number) {
    if (this.y - points < PAGE.margin) this.newPage();
  }

  numberPages() {
    const total = this.pages.length;
    this.pages.forEach((page, i) => {
      const label = `${i + 1} / ${total}`;
      const width = this.regular.widthOfTextAtSize(label, SIZES.small);
      page.drawText(label, { x: (PAGE.width - width) / 2, y: PAGE.margin / 2, size: SIZES.small, font: this.regular, color: MUTED });
    });
  }
}

export async function pdfExport(db: Database, campaign: Campaign, options: ExportOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(regularFont, { subset: true });
  const bold = await doc.embedFont(boldFont, { subset: true });
  const letter = letterIn(campaign, campaign.language);
  doc.setTitle(letter.title);
  doc.setLanguage(campaign.language);
  doc.setCreator("Undersigned");
  doc.setProducer("Undersigned (pdf-lib)");

  const layout = new Layout(doc, regular, bold);
  layout.text(letter.title, { font: bold, size: SIZES.title, after: 12 });
  if (letter.date) {
    const date = new Intl.DateTimeFormat(campaign.language, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${letter.date}T00:00:00Z`));
    layout.text(date, { after: 12 });
  }
  for (const addressee of letter.addressees) layout.text(addressee);
  if (letter.cc.length) {
    layout.gap(8);
    layout.text("cc:");
    for (const copy of letter.cc) layout.text(copy);
  }
  layout.gap(12);
  if (letter.salutation) layout.text(letter.salutation, { after: 8 });
  for (const paragraph of markdownParagraphs(letter.body)) layout.text(paragraph, { indent: paragraph.startsWith("• ") ? 12 : 0, after: 8 });

  layout.gap(12);
  layout.keepWithNext(SIZES.heading * 4);
  layout.text(`${SIGNATORIES[campaign.language]} (${campaign.signatureCount})`, { font: bold, size: SIZES.heading, after: 6 });
  for await (const section of letterList(db, campaign, options)) {
    if (section.heading) {
      layout.gap(6);
      layout.keepWithNext(SIZES.text * 4);
      layout.text(section.heading, { font: bold, size: SIZES.text, after: 2 });
    }
    for await (const row of section.rows) layout.text(letterEntry(row));
  }
  layout.numberPages();
  return doc.save();
}
