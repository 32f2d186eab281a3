import { describe, expect, it } from "vitest";
import { LetterContentSchema, type LetterBlock, type LetterContent, type LetterInline } from "../../contract/letter";
import seed from "../../schema/seed/nals-2021.json";
import { letterContent, parseLetter } from "../../worker/letter/parse";
import { HOSTILE_LETTER, MARKDOWN_MARKERS, RICH_LETTER } from "../support/letters";

/** Every text of a parsed letter, in order, as one string. */
const textOf = (nodes: Array<LetterBlock | LetterInline>): string =>
  nodes
    .map((node) => {
      if (typeof node === "string") return node;
      if ("children" in node) return textOf(node.children);
      if ("items" in node) return node.items.map(textOf).join(" ");
      if ("text" in node) return node.text;
      return "";
    })
    .join(" ");

const paragraph = (...children: LetterInline[]): LetterBlock => ({ type: "paragraph", children });

describe("parseLetter", () => {
  it("turns a heading, bold, a numbered list, a link, a quote and a footnote into blocks, inlines and notes", () => {
    expect(parseLetter(RICH_LETTER)).toEqual<LetterContent>({
      blocks: [
        { type: "heading", level: 2, children: ["Our demand"] },
        paragraph(
          "We call on you to ",
          { type: "strong", children: ["end Title 42 expulsions"] },
          " now, as the ",
          { type: "link", href: "https://example.org/report", children: ["report"] },
          " shows.",
          { type: "noteRef", number: 1 },
        ),
        {
          type: "orderedList",
          start: 1,
          items: [
            [paragraph("Restore access to ", { type: "emphasis", children: ["asylum"] }, " at ports of entry.")],
            [paragraph("Stop expulsion flights.")],
          ],
        },
        { type: "quote", children: [paragraph("Nobody should be sent back to danger.")] },
      ],
      notes: [[paragraph("Human Rights First, ", { type: "emphasis", children: ["Human Rights Travesty"] }, ", 2021.")]],
    });
  });

  it("keeps raw HTML as the text it is, with the Markdown around it", () => {
    const { blocks } = parseLetter('<script>alert("x")</script>\n\n<b>**Free** them</b> <img src=x onerror=alert(1)>');

    expect(blocks).toEqual([
      paragraph('<script>alert("x")</script>'),
      paragraph("<b>", { type: "strong", children: ["Free"] }, " them</b> <img src=x onerror=alert(1)>"),
    ]);
  });

  it("links only to http, https and mailto addresses; anything else is its text", () => {
    const { blocks } = parseLetter(
      [
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html,x) [d](vbscript:x) [e](/relative) [f](#top) [g](<java\tscript:x>)",
        "[h](<https://example.org/a b>) [i](mailto:info@example.org) <https://example.org/auto> <info@example.org> [j][ref]",
        "[ref]: http://example.org/ref",
      ].join("\n\n"),
    );

    expect(blocks).toEqual([
      paragraph("a b c d e f g"),
      paragraph(
        { type: "link", href: "https://example.org/a%20b", children: ["h"] },
        " ",
        { type: "link", href: "mailto:info@example.org", children: ["i"] },
        " ",
        { type: "link", href: "https://example.org/auto", children: ["https://example.org/auto"] },
        " ",
        { type: "link", href: "mailto:info@example.org", children: ["info@example.org"] },
        " ",
        { type: "link", href: "http://example.org/ref", children: ["j"] },
      ),
    ]);
  });

  it("shows no picture: an image is its description, linked to it when the address is safe", () => {
    const { blocks } = parseLetter("![The wall](https://example.org/wall.jpg) ![](https://example.org/x.png) ![evil](javascript:x) [![logo](https://example.org/logo.png)](https://example.org)");

    expect(blocks).toEqual([
      paragraph(
        { type: "link", href: "https://example.org/wall.jpg", children: ["The wall"] },
        " ",
        { type: "link", href: "https://example.org/x.png", children: ["https://example.org/x.png"] },
        " evil ",
        // No link inside a link: the picture in a link is its description.
        { type: "link", href: "https://example.org/", children: ["logo"] },
      ),
    ]);
  });

  it("numbers footnotes in the order the letter first refers to them", () => {
    const content = parseLetter(
      "First[^b], second[^a], again[^b], unknown[^none].\n\n[^a]: Note A, which cites[^c].\n[^b]: Note B.\n[^c]: Note C.\n[^unused]: Never cited.",
    );

    expect(content.blocks).toEqual([
      paragraph("First", { type: "noteRef", number: 1 }, ", second", { type: "noteRef", number: 2 }, ", again", { type: "noteRef", number: 1 }, ", unknown[^none]."),
    ]);
    expect(content.notes).toEqual([[paragraph("Note B.")], [paragraph("Note A, which cites", { type: "noteRef", number: 3 }, ".")], [paragraph("Note C.")]]);
  });

  it("reads the rest of CommonMark: setext headings, bullets, nesting, breaks, code and rules", () => {
    const { blocks } = parseLetter("Title\n=====\n\n3) three\n4) four\n   - nested\n\nOne line\nwraps; a hard  \nbreak\\\nand another\n\n***\n\n    code  kept\n\nWith `inline  code`.");

    expect(blocks).toEqual([
      { type: "heading", level: 1, children: ["Title"] },
      {
        type: "orderedList",
        start: 3,
        items: [[paragraph("three")], [paragraph("four"), { type: "bulletList", items: [[paragraph("nested")]] }]],
      },
      paragraph("One line wraps; a hard", { type: "break" }, "break", { type: "break" }, "and another"),
      { type: "rule" },
      { type: "codeBlock", text: "code  kept" },
      paragraph("With ", { type: "code", text: "inline  code" }, "."),
    ]);
  });

  it("answers what the contract describes, and leaves no Markdown marker in the demo letter's text", () => {
    for (const body of [RICH_LETTER, HOSTILE_LETTER, seed.body, ...Object.values(seed.translations).map((translation) => (translation as { body?: string }).body ?? "")]) {
      const content = parseLetter(body);
      expect(LetterContentSchema.parse(content)).toEqual(content);
      expect(textOf(content.blocks)).not.toMatch(MARKDOWN_MARKERS);
    }
  });
});

describe("letterContent", () => {
  it("parses a body once per isolate", () => {
    const body = `${RICH_LETTER}\n${crypto.randomUUID()}`;
    expect(letterContent(body)).toBe(letterContent(body));
    expect(letterContent(body)).toEqual(parseLetter(body));
  });
});
