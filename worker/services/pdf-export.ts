import type { Campaign } from "../../schema/tables";
import boldFontFile from "../assets/NotoSans-Bold.subset.ttf";
import regularFontFile from "../assets/NotoSans-Regular.subset.ttf";
import type { Database } from "../env";
import { layLetterOut } from "../letter/pdf";
import { deliveryRecord, exportedLetter } from "./export-letter";
import { letterEntry, letterList, type ExportOptions } from "./exports";
import { authenticityNote, publicMark, unnamedNote } from "./public-notes";
import { breakLines, type Span } from "./pdf-lines";
import { EmbeddedFont, PdfWriter, encoder, fixed, streamObject, textString } from "./pdf-objects";

/**
 * The letter as a PDF in one of its languages: date, addressees, salutation, body and the
 * signatory list, in Noto Sans so that every accent and script the font covers prints as typed,
 * paginated with page numbers; once delivered, closed by the delivery record and its fingerprint.
 *
 * Written as it is laid out: each finished page goes out as soon as it is full, the list is read
 * a keyset page at a time, and only object offsets and page numbers stay in memory, so a letter
 * of 100,000 names streams within a Worker's memory (bench/export-100k.ts). What a streamed file
 * cannot know until its end, the number of pages, is drawn from one form object written last.
 */

const PAGE = { width: 612, height: 792, margin: 64 };
const SIZES = { title: 16, text: 11, small: 9, heading: 12 };
const LEADING = 1.45;
const INK = "0.12 0.12 0.12";
const MUTED = "0.4 0.4 0.4";
/** Quotation bars and rules: light enough to stay behind the text. */
const LINE = "0.7 0.7 0.7";
/** The fonts have no italic: emphasis leans the regular one by about 12 degrees. */
const OBLIQUE = "1 0 0.21 1";
const SUPERSCRIPT = { scale: 0.7, rise: 0.35 };
/** Between a list item's number or bullet and its text. */
const LABEL_GAP = 5;
/** Between a quotation's bar and its text. */
const BAR_GAP = 10;
/** The mark of authenticity, drawn: the fonts have no ✓. Its colour, and the room it takes beside text. */
const MARK = "0.07 0.45 0.2";
const MARK_ROOM = 12;

const CATALOG = 1;
const PAGES = 2;
const INFO = 3;
const PAGE_TOTAL = 4;
const REGULAR = 5;
const BOLD = 10;

export interface StyledOptions {
  size?: number;
  indent?: number;
  /** Hangs left of the first line: a list item's number or bullet. */
  label?: string;
  /** A bar left of every line: a quotation. */
  bar?: boolean;
  after?: number;
}

interface TextOptions {
  font?: EmbeddedFont;
  size?: number;
  indent?: number;
  color?: string;
  after?: number;
  mark?: "before" | "after";
}

/** Lays text out in pages; a full page is handed to `emit` at once and forgotten. */
export class Layout {
  private operations: string[] = [];
  private y = PAGE.height - PAGE.margin;
  /** Where the last line's quotation bar ends, if it did: the next reaches up to it across a paragraph's gap. */
  private barEnd?: number;
  pageCount = 0;

  constructor(
    readonly regular: EmbeddedFont,
    readonly bold: EmbeddedFont,
    private readonly emit: (content: string, pageNumber: number) => void,
  ) {}

  /** Breaks text into lines that fit the column, words kept whole unless a word alone is too wide. */
  wrap(text: string, font: EmbeddedFont, size: number, width = PAGE.width - 2 * PAGE.margin): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = current ? `${current} ${word}` : word;
      if (font.widthOf(candidate, size) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      current = word;
      while (font.widthOf(current, size) > width) {
        let cut = current.length - 1;
        while (cut > 1 && font.widthOf(current.slice(0, cut), size) > width) cut--;
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current) lines.push(current);
    return lines;
  }

  private draw(line: string, x: number, y: number, font: EmbeddedFont, size: number, color: string) {
    this.operations.push(`BT /${font.resource} ${size} Tf ${color} rg ${fixed(x)} ${fixed(y)} Td ${font.encode(line)} Tj ET`);
  }

  /** A ✓ whose foot sits on the baseline at `x`, as tall as a lower-case letter of `size`. */
  private drawMark(x: number, y: number, size: number) {
    const unit = size / 11;
    const at = (dx: number, dy: number) => `${fixed(x + dx * unit)} ${fixed(y + dy * unit)}`;
    this.operations.push(`q ${MARK} RG ${fixed(1.4 * unit)} w 1 J 1 j ${at(0.5, 3.5)} m ${at(3, 0.8)} l ${at(8, 7.2)} l S Q`);
  }

  /** Wrapped text; `mark` draws the ✓ before its first line (a legend) or after its last (a marked entry). */
  text(text: string, { font = this.regular, size = SIZES.text, indent = 0, color = INK, after = 0, mark }: TextOptions = {}) {
    const room = mark ? MARK_ROOM : 0;
    const left = PAGE.margin + indent + (mark === "before" ? room : 0);
    const lines = this.wrap(text, font, size, PAGE.width - 2 * PAGE.margin - indent - room);
    lines.forEach((line, index) => {
      if (this.y - size * LEADING < PAGE.margin) this.finishPage();
      this.y -= size * LEADING;
      this.draw(line, left, this.y, font, size, color);
      if (mark === "before" && index === 0) this.drawMark(PAGE.margin + indent, this.y, size);
      if (mark === "after" && index === lines.length - 1) this.drawMark(left + font.widthOf(line, size) + 3, this.y, size);
    });
    this.y -= after;
  }

  /** Text in several styles: bold, oblique for emphasis, small and raised for note numbers. */
  styled(spans: Span[], { size = SIZES.text, indent = 0, label, bar = false, after = 0 }: StyledOptions = {}) {
    const measure = (text: string, span: Span) => (span.bold ? this.bold : this.regular).widthOf(text, span.superscript ? size * SUPERSCRIPT.scale : size);
    breakLines(spans, PAGE.width - 2 * PAGE.margin - indent, measure).forEach((segments, index) => {
      if (this.y - size * LEADING < PAGE.margin) this.finishPage();
      this.y -= size * LEADING;
      let x = PAGE.margin + indent;
      if (index === 0 && label) this.draw(label, x - LABEL_GAP - this.regular.widthOf(label, size), this.y, this.regular, size, INK);
      const barBottom = this.y - size * 0.3;
      if (bar) this.operations.push(`${LINE} rg ${fixed(x - BAR_GAP)} ${fixed(barBottom)} 1.5 ${fixed((this.barEnd ?? barBottom + size * LEADING) - barBottom)} re f`);
      this.barEnd = bar ? barBottom : undefined;
      for (const { text, span, width } of segments) {
        const font = span.bold ? this.bold : this.regular;
        const spanSize = span.superscript ? size * SUPERSCRIPT.scale : size;
        const y = span.superscript ? this.y + size * SUPERSCRIPT.rise : this.y;
        this.operations.push(`BT /${font.resource} ${fixed(spanSize)} Tf ${INK} rg ${span.oblique ? OBLIQUE : "1 0 0 1"} ${fixed(x)} ${fixed(y)} Tm ${font.encode(text)} Tj ET`);
        x += width;
      }
    });
    this.y -= after;
  }

  /** A thin line from `indent` to the column's end, `space` points clear above and below. */
  rule({ indent = 0, width, space = 8 }: { indent?: number; width?: number; space?: number } = {}) {
    if (this.y - 2 * space < PAGE.margin) this.finishPage();
    this.y -= space;
    this.barEnd = undefined;
    const end = width === undefined ? PAGE.width - PAGE.margin : PAGE.margin + indent + width;
    this.operations.push(`${LINE} RG 0.75 w ${fixed(PAGE.margin + indent)} ${fixed(this.y)} m ${fixed(end)} ${fixed(this.y)} l S`);
    this.y -= space;
  }

  gap(points: number) {
    this.y -= points;
  }

  /** Keeps a heading with at least a few lines of what follows it. */
  keepWithNext(points: number) {
    if (this.y - points < PAGE.margin) this.finishPage();
  }

  /** "n / " left of the page's centre, the total (a form object written last) right of it. */
  finishPage() {
    this.pageCount += 1;
    const label = `${this.pageCount} / `;
    const y = PAGE.margin / 2;
    this.draw(label, PAGE.width / 2 - this.regular.widthOf(label, SIZES.small), y, this.regular, SIZES.small, MUTED);
    this.operations.push(`q 1 0 0 1 ${PAGE.width / 2} ${y} cm /Total Do Q`);
    this.emit(this.operations.join("\n"), this.pageCount);
    this.operations = [];
    this.y = PAGE.height - PAGE.margin;
    this.barEnd = undefined;
  }
}

async function* pdfChunks(db: Database, campaign: Campaign, options: ExportOptions): AsyncGenerator<Uint8Array> {
  const writer = new PdfWriter(BOLD + 4);
  const regular = new EmbeddedFont("F1", regularFontFile, REGULAR);
  const bold = new EmbeddedFont("F2", boldFontFile, BOLD);
  const resources = `<< /Font << /F1 ${REGULAR} 0 R /F2 ${BOLD} 0 R >> /XObject << /Total ${PAGE_TOTAL} 0 R >> >>`;
  const kids: number[] = [];
  const ready: Uint8Array[] = [];
  const layout = new Layout(regular, bold, (content) => {
    const contentNumber = writer.allocate();
    const pageNumber = writer.allocate();
    kids.push(pageNumber);
    ready.push(writer.object(contentNumber, streamObject(encoder.encode(content))));
    ready.push(
      writer.object(pageNumber, `<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources ${resources} /Contents ${contentNumber} 0 R >>`),
    );
  });
  const drain = function* () {
    yield* ready.splice(0);
  };

  // The binary comment tells transfer tools that this file is not text.
  yield writer.bytes(new Uint8Array([...encoder.encode("%PDF-1.7\n%"), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
  for (const font of [regular, bold]) for (const [number, body] of font.objects()) yield writer.object(number, body);

  const letter = exportedLetter(campaign, options.lang);
  layout.text(letter.title, { font: bold, size: SIZES.title, after: letter.fallbackNote ? 4 : 12 });
  if (letter.fallbackNote) layout.text(letter.fallbackNote, { size: SIZES.small, color: MUTED, after: 12 });
  if (letter.date) layout.text(letter.date, { after: 12 });
  for (const addressee of letter.addressees) layout.text(addressee);
  if (letter.cc.length) {
    layout.gap(8);
    layout.text(letter.ccLabel);
    for (const copy of letter.cc) layout.text(copy);
  }
  layout.gap(12);
  if (letter.salutation) layout.text(letter.salutation, { after: 8 });
  layLetterOut(layout, letter.content);

  layout.gap(12);
  layout.keepWithNext(SIZES.heading * 4);
  layout.text(letter.signatoriesHeading, { font: bold, size: SIZES.heading, after: 6 });
  const legend = authenticityNote(campaign, options.lang);
  if (legend) layout.text(legend.replace(/^✓\s*/, ""), { size: SIZES.small, color: MUTED, mark: "before", after: 6 });
  yield* drain();
  for await (const section of letterList(db, campaign, options)) {
    if (section.heading) {
      layout.gap(6);
      layout.keepWithNext(SIZES.text * 4);
      layout.text(section.heading, { font: bold, size: SIZES.text, after: 2 });
    }
    for await (const row of section.rows) {
      layout.text(letterEntry(row), { mark: publicMark(campaign, row.authenticated) ? "after" : undefined });
      yield* drain();
    }
  }
  const unnamed = unnamedNote(campaign, campaign.unnamedCount, options.lang);
  if (unnamed) {
    layout.gap(6);
    layout.text(unnamed);
  }
  const record = await deliveryRecord(db, campaign, options.lang, options.baseUrl);
  if (record) {
    layout.gap(12);
    layout.keepWithNext(SIZES.text * 8);
    layout.rule({ width: 96, space: 6 });
    layout.text(record.delivered, { after: 4 });
    layout.text(record.fingerprint, { size: SIZES.small, color: MUTED });
    layout.text(record.check, { size: SIZES.small, color: MUTED });
  }
  layout.finishPage();
  yield* drain();

  const total = `BT /F1 ${SIZES.small} Tf ${MUTED} rg 0 0 Td ${regular.encode(String(layout.pageCount))} Tj ET`;
  yield writer.object(PAGE_TOTAL, streamObject(encoder.encode(total), `/Type /XObject /Subtype /Form /BBox [0 -5 200 20] /Resources << /Font << /F1 ${REGULAR} 0 R >> >>`));
  yield writer.object(PAGES, `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(" ")}] /Count ${kids.length} >>`);
  yield writer.object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R /Lang (${options.lang}) >>`);
  yield writer.object(INFO, `<< /Title ${textString(letter.title)} /Creator (Undersigned) /Producer (Undersigned) >>`);
  yield writer.trailer(CATALOG, INFO);
}

/** The PDF as a stream that produces the next bytes only when the reader asks for them. */
export function pdfExport(db: Database, campaign: Campaign, options: ExportOptions): ReadableStream<Uint8Array> {
  const chunks = pdfChunks(db, campaign, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
