import fontkit from "@pdf-lib/fontkit";
import type { Campaign } from "../../schema/tables";
import boldFontFile from "../assets/NotoSans-Bold.subset.ttf";
import regularFontFile from "../assets/NotoSans-Regular.subset.ttf";
import type { Database } from "../env";
import { letterIn } from "../queries/campaigns";
import { letterEntry, letterList, type ExportOptions } from "./exports";

/**
 * The letter as a PDF: date, addressees, salutation, body and the signatory list, in Noto Sans so
 * that every accent and script the font covers prints as typed, paginated with page numbers.
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

const encoder = new TextEncoder();
const hex4 = (n: number) => n.toString(16).padStart(4, "0");
const fixed = (n: number) => (Math.round(n * 100) / 100).toString();

/** UTF-16BE with a byte order mark, as PDF text strings outside Latin-1 must be. */
function textString(text: string): string {
  let out = "<FEFF";
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return `${out}>`;
}

/** A TrueType font embedded whole as a CID font (Identity-H): glyph ids are the text's codes. */
class EmbeddedFont {
  private readonly font: fontkit.Font;
  private readonly glyphs = new Map<number, { id: number; advance: number }>();

  constructor(
    readonly resource: string,
    private readonly file: ArrayBuffer,
    readonly objectNumber: number,
  ) {
    this.font = fontkit.create(new Uint8Array(file));
  }

  private glyph(codePoint: number) {
    let glyph = this.glyphs.get(codePoint);
    if (!glyph) {
      const found = this.font.glyphForCodePoint(codePoint);
      glyph = { id: found.id, advance: found.advanceWidth / this.font.unitsPerEm };
      this.glyphs.set(codePoint, glyph);
    }
    return glyph;
  }

  widthOf(text: string, size: number): number {
    let width = 0;
    for (const ch of text) width += this.glyph(ch.codePointAt(0)!).advance;
    return width * size;
  }

  /** The text as a hex string of glyph ids, for `Tj`. */
  encode(text: string): string {
    let out = "<";
    for (const ch of text) out += hex4(this.glyph(ch.codePointAt(0)!).id);
    return `${out}>`;
  }

  /** Five objects from `objectNumber`: the Type0 font, its CID font, descriptor, file and ToUnicode map. */
  objects(): Array<[number, Uint8Array | string]> {
    const font = this.font;
    const scale = 1000 / font.unitsPerEm;
    const [type0, cid, descriptor, file, toUnicode] = [0, 1, 2, 3, 4].map((i) => this.objectNumber + i);
    const widths: string[] = [];
    for (let id = 0; id < font.numGlyphs; id++) widths.push(String(Math.round(font.getGlyph(id).advanceWidth * scale)));
    const unicodeOf = new Map<number, number>();
    for (const codePoint of font.characterSet) {
      const id = font.glyphForCodePoint(codePoint).id;
      if (id && !unicodeOf.has(id)) unicodeOf.set(id, codePoint);
    }
    const utf16 = (codePoint: number) => [...String.fromCodePoint(codePoint)].flatMap((ch) => [...Array(ch.length).keys()].map((i) => hex4(ch.charCodeAt(i)))).join("");
    const pairs = [...unicodeOf].map(([id, codePoint]) => `<${hex4(id)}> <${utf16(codePoint)}>`);
    const ranges: string[] = [];
    for (let i = 0; i < pairs.length; i += 100) {
      const chunk = pairs.slice(i, i + 100);
      ranges.push(`${chunk.length} beginbfchar\n${chunk.join("\n")}\nendbfchar`);
    }
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
${ranges.join("\n")}
endcmap CMapName currentdict /CMap defineresource pop end end`;
    const name = `/${(font.postscriptName ?? this.resource).replace(/[^A-Za-z0-9-]/g, "")}`;
    const { bbox } = font;
    const fileBytes = new Uint8Array(this.file);
    return [
      [type0, `<< /Type /Font /Subtype /Type0 /BaseFont ${name} /Encoding /Identity-H /DescendantFonts [${cid} 0 R] /ToUnicode ${toUnicode} 0 R >>`],
      [cid, `<< /Type /Font /Subtype /CIDFontType2 /BaseFont ${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /CIDToGIDMap /Identity /W [0 [${widths.join(" ")}]] >>`],
      [
        descriptor,
        `<< /Type /FontDescriptor /FontName ${name} /Flags 32 /FontBBox [${[bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((n) => Math.round(n * scale)).join(" ")}] /ItalicAngle 0 /Ascent ${Math.round(font.ascent * scale)} /Descent ${Math.round(font.descent * scale)} /CapHeight ${Math.round(font.capHeight * scale)} /StemV 80 /FontFile2 ${file} 0 R >>`,
      ],
      [file, streamObject(fileBytes, `/Length1 ${fileBytes.length}`)],
      [toUnicode, streamObject(encoder.encode(cmap))],
    ];
  }
}

function streamObject(bytes: Uint8Array, extra = ""): Uint8Array {
  const head = encoder.encode(`<< /Length ${bytes.length}${extra ? ` ${extra}` : ""} >>\nstream\n`);
  const tail = encoder.encode("\nendstream");
  const out = new Uint8Array(head.length + bytes.length + tail.length);
  out.set(head);
  out.set(bytes, head.length);
  out.set(tail, head.length + bytes.length);
  return out;
}

/** Numbers objects, remembers where each starts, and frames them; the bytes go straight out. */
class PdfWriter {
  private position = 0;
  private readonly offsets: number[] = [];
  private next: number;

  constructor(reserved: number) {
    this.next = reserved + 1;
  }

  allocate(): number {
    return this.next++;
  }

  bytes(text: string | Uint8Array): Uint8Array {
    const bytes = typeof text === "string" ? encoder.encode(text) : text;
    this.position += bytes.length;
    return bytes;
  }

  object(number: number, body: string | Uint8Array): Uint8Array {
    this.offsets[number] = this.position;
    const head = encoder.encode(`${number} 0 obj\n`);
    const content = typeof body === "string" ? encoder.encode(body) : body;
    const tail = encoder.encode("\nendobj\n");
    const out = new Uint8Array(head.length + content.length + tail.length);
    out.set(head);
    out.set(content, head.length);
    out.set(tail, head.length + content.length);
    return this.bytes(out);
  }

  trailer(root: number, info: number): Uint8Array {
    const start = this.position;
    const size = this.next;
    const lines = ["xref", `0 ${size}`, "0000000000 65535 f "];
    for (let number = 1; number < size; number++) lines.push(`${String(this.offsets[number] ?? 0).padStart(10, "0")} 00000 ${this.offsets[number] === undefined ? "f" : "n"} `);
    lines.push("trailer", `<< /Size ${size} /Root ${root} 0 R /Info ${info} 0 R >>`, "startxref", String(start), "%%EOF\n");
    return this.bytes(lines.join("\n"));
  }
}

const CATALOG = 1;
const PAGES = 2;
const INFO = 3;
const PAGE_TOTAL = 4;
const REGULAR = 5;
const BOLD = 10;

/** Lays text out in pages; a full page is handed to `emit` at once and forgotten. */
class Layout {
  private operations: string[] = [];
  private y = PAGE.height - PAGE.margin;
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

  text(text: string, { font = this.regular, size = SIZES.text, indent = 0, color = INK, after = 0 } = {}) {
    for (const line of this.wrap(text, font, size, PAGE.width - 2 * PAGE.margin - indent)) {
      if (this.y - size * LEADING < PAGE.margin) this.finishPage();
      this.y -= size * LEADING;
      this.draw(line, PAGE.margin + indent, this.y, font, size, color);
    }
    this.y -= after;
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

  const letter = letterIn(campaign, campaign.language);
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
  yield* drain();
  for await (const section of letterList(db, campaign, options)) {
    if (section.heading) {
      layout.gap(6);
      layout.keepWithNext(SIZES.text * 4);
      layout.text(section.heading, { font: bold, size: SIZES.text, after: 2 });
    }
    for await (const row of section.rows) {
      layout.text(letterEntry(row));
      yield* drain();
    }
  }
  layout.finishPage();
  yield* drain();

  const total = `BT /F1 ${SIZES.small} Tf ${MUTED} rg 0 0 Td ${regular.encode(String(layout.pageCount))} Tj ET`;
  yield writer.object(PAGE_TOTAL, streamObject(encoder.encode(total), `/Type /XObject /Subtype /Form /BBox [0 -5 200 20] /Resources << /Font << /F1 ${REGULAR} 0 R >> >>`));
  yield writer.object(PAGES, `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(" ")}] /Count ${kids.length} >>`);
  yield writer.object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R /Lang (${campaign.language}) >>`);
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
