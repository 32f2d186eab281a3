import { describe, expect, it } from "vitest";
import { letterHtml } from "../../worker/letter/html";
import { parseLetter } from "../../worker/letter/parse";
import { HOSTILE_LETTER, RICH_LETTER } from "../support/letters";

describe("letterHtml", () => {
  it("writes each block and inline as its element, footnotes as a list the references link to", () => {
    expect(letterHtml(parseLetter(RICH_LETTER))).toBe(
      [
        "<h3>Our demand</h3>",
        '<p>We call on you to <strong>end Title 42 expulsions</strong> now, as the <a href="https://example.org/report">report</a> shows.<sup><a href="#note-1">1</a></sup></p>',
        "<ol><li><p>Restore access to <em>asylum</em> at ports of entry.</p></li><li><p>Stop expulsion flights.</p></li></ol>",
        "<blockquote><p>Nobody should be sent back to danger.</p></blockquote>",
        '<ol class="notes"><li id="note-1"><p>Human Rights First, <em>Human Rights Travesty</em>, 2021.</p></li></ol>',
      ].join("\n"),
    );
  });

  it("keeps the list's first number, a heading under the page's title, code and rules", () => {
    expect(letterHtml(parseLetter("# Top\n\n###### Deepest\n\n7. seven\n- dash\n\n---\n\n    <code>\n\n`a<b`  \nnext"))).toBe(
      [
        "<h2>Top</h2>",
        "<h6>Deepest</h6>",
        '<ol start="7"><li><p>seven</p></li></ol>',
        "<ul><li><p>dash</p></li></ul>",
        "<hr>",
        "<pre><code>&#60;code&#62;</code></pre>",
        "<p><code>a&#60;b</code><br>next</p>",
      ].join("\n"),
    );
  });

  it("escapes every text: HTML and script links in the body stay inert", () => {
    const html = letterHtml(parseLetter(HOSTILE_LETTER));

    expect(html).not.toMatch(/<script|<img|<a href="(?!https?:|mailto:)/i);
    expect(html).toContain("Read the brief first.");
    expect(html).toContain("&#60;script&#62;window.pwned = true&#60;/script&#62;");
    expect(html).toContain("&#60;img src=x onerror=&#34;window.pwned = true&#34;&#62;");
  });
});
