import fontkit from "@pdf-lib/fontkit";

/**
 * The PDF file's building blocks: embedded fonts, stream objects, and the writer that numbers the
 * objects and writes the cross-reference table. What goes on the pages is pdf-export.ts's.
 */

export const encoder = new TextEncoder();
const hex4 = (n: number) => n.toString(16).padStart(4, "0");
export const fixed = (n: number) => (Math.round(n * 100) / 100).toString();

/** UTF-16BE with a byte order mark, as PDF text strings outside Latin-1 must be. */
export function textString(text: string): string {
  let out = "<FEFF";
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return `${out}>`;
}

/** A TrueType font embedded whole as a CID font (Identity-H): glyph ids are the text's codes. */
export class EmbeddedFont {
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

export function streamObject(bytes: Uint8Array, extra = ""): Uint8Array {
  const head = encoder.encode(`<< /Length ${bytes.length}${extra ? ` ${extra}` : ""} >>\nstream\n`);
  const tail = encoder.encode("\nendstream");
  const out = new Uint8Array(head.length + bytes.length + tail.length);
  out.set(head);
  out.set(bytes, head.length);
  out.set(tail, head.length + bytes.length);
  return out;
}

/** Numbers objects, remembers where each starts, and frames them; the bytes go straight out. */
export class PdfWriter {
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
