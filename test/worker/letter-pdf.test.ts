import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { HOSTILE_LETTER, MARKDOWN_MARKERS, RICH_LETTER } from "../support/letters";
import { seedOrganizer, seedSignature } from "../support/organizers";
import { call, HEAVY_TEST_TIMEOUT_MS, seedCampaign } from "../support/worker";

interface PrintedText {
  text: string;
  x: number;
  y: number;
  size: number;
  /** The text matrix's shear: emphasis leans. */
  lean: number;
  font: string;
}

/** The PDF export of a campaign whose body is `body`: its whole text, and the first page's pieces where they stand. */
async function printed(body: string) {
  const campaign = await seedCampaign({ body, salutation: "Dear leaders:" });
  const { auth } = await seedOrganizer(campaign);
  await seedSignature(campaign, { name: "Kino Border Initiative" });
  const response = await call(`/api/admin/campaigns/${campaign.slug}/export?format=pdf`, { headers: auth });
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const content = await (await pdf.getPage(1)).getTextContent();
  const pieces: PrintedText[] = content.items.flatMap((item) =>
    "str" in item && item.str.trim() ? [{ text: item.str, x: item.transform[4], y: item.transform[5], size: item.transform[3], lean: item.transform[2], font: item.fontName }] : [],
  );
  const { text } = await extractText(pdf, { mergePages: true });
  // Lines end where the column does: a space like any other.
  return { text: text.replace(/\s+/g, " "), pieces, piece: (start: string) => pieces.find((printed) => printed.text.startsWith(start))! };
}

describe("the PDF export's letter", { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
  it("prints headings, bold, lists, links with their address, quotes and footnotes in the letter's order", async () => {
    const long = "Stop expulsion flights, which sent tens of thousands of people back to danger without a hearing.";
    const { text, pieces, piece } = await printed(RICH_LETTER.replace("Stop expulsion flights.", long));

    const order = [
      "Dear leaders:",
      "Our demand",
      "We call on you to end Title 42 expulsions now, as the report (https://example.org/report) shows.[1]",
      "1.",
      "Restore access to asylum at ports of entry.",
      "2.",
      long,
      "Nobody should be sent back to danger.",
      "1.",
      "Human Rights First, Human Rights Travesty, 2021.",
      "Signatories (1)",
      "Kino Border Initiative",
    ];
    let at = -1;
    for (const expected of order) {
      const next = text.indexOf(expected, at + 1);
      expect(next, `"${expected}" after "${text.slice(Math.max(0, at - 40), at + 40)}"`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).not.toMatch(MARKDOWN_MARKERS);

    const paragraph = piece("We call on you to");
    const heading = piece("Our demand");
    expect(heading.font).not.toBe(paragraph.font);
    expect(heading.font).toBe(piece("end Title 42 expulsions").font);
    expect(heading.size).toBeGreaterThan(paragraph.size);
    // The footnote's number: smaller, and raised above the word it follows.
    const reference = pieces.findIndex((printed) => printed.text === "[1]");
    expect(pieces[reference].size).toBeLessThan(paragraph.size);
    expect(pieces[reference].y).toBeGreaterThan(pieces[reference - 1].y);
    expect(piece("asylum").lean).toBeGreaterThan(0);
    expect(paragraph.lean).toBe(0);
    // Hanging indents: the number right of the paragraphs, the item's next lines right of the number.
    const item = pieces.findIndex((printed) => printed.text.startsWith("2. Stop"));
    expect(pieces[item].x).toBeGreaterThan(paragraph.x);
    expect(pieces[item + 1].y).toBeLessThan(pieces[item].y);
    expect(pieces[item + 1].x).toBeGreaterThan(pieces[item].x);
    expect(piece("Nobody should").x).toBeGreaterThan(paragraph.x);
  });

  it("prints no address but a safe one, and raw HTML as the text it is", async () => {
    const { text } = await printed(HOSTILE_LETTER);

    expect(text).toContain("Read the brief first.");
    expect(text).not.toContain("(javascript:");
    expect(text).toContain("<script>window.pwned = true</script>");
  });
});
