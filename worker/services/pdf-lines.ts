/** A run of the letter's text in one style; a "\n" in it breaks the line. */
export interface Span {
  text: string;
  bold?: boolean;
  oblique?: boolean;
  superscript?: boolean;
}

/** Part of a line in one style, drawn at once: extracted text keeps the spaces between its words. */
export interface Segment {
  text: string;
  span: Span;
  width: number;
}

const sameStyle = (a: Span, b: Span) => !a.bold === !b.bold && !a.oblique === !b.oblique && !a.superscript === !b.superscript;

/**
 * Spans wrapped into lines `width` points wide together, words kept whole unless a word alone is
 * too wide; each line is a list of segments of one style.
 */
export function breakLines(spans: Span[], width: number, measure: (text: string, span: Span) => number): Segment[][] {
  const words: Array<Array<{ text: string; span: Span }> | "break"> = [];
  let word: Array<{ text: string; span: Span }> = [];
  for (const span of spans) {
    // Only spaces and line ends: a no-break space keeps its words together, as typed.
    for (const part of span.text.split(/([ \t\n]+)/)) {
      if (!/^[ \t\n]/.test(part)) {
        if (part) word.push({ text: part, span });
        continue;
      }
      if (word.length) words.push(word);
      word = [];
      if (part.includes("\n")) words.push("break");
    }
  }
  if (word.length) words.push(word);

  const lines: Segment[][] = [[]];
  let lineWidth = 0;
  const newLine = () => {
    lines.push([]);
    lineWidth = 0;
  };
  const append = (text: string, span: Span) => {
    const line = lines[lines.length - 1];
    const last = line.at(-1);
    const width = measure(text, span);
    if (last && sameStyle(last.span, span)) {
      last.text += text;
      last.width += width;
    } else {
      line.push({ text, span, width });
    }
    lineWidth += width;
  };
  for (const next of words) {
    if (next === "break") {
      newLine();
      continue;
    }
    const previous = lines[lines.length - 1].at(-1)?.span;
    if (previous) {
      const wordWidth = next.reduce((sum, piece) => sum + measure(piece.text, piece.span), 0);
      if (lineWidth + measure(" ", previous) + wordWidth > width) newLine();
      else append(" ", previous);
    }
    for (const piece of next) {
      let rest = piece.text;
      // Only a word wider than the column gets here (a long address): cut where the line is full.
      while (rest.length > 1 && lineWidth + measure(rest, piece.span) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && lineWidth + measure(rest.slice(0, cut), piece.span) > width) cut--;
        // An address reads best cut after one of its slashes or hyphens.
        const mark = Math.max(rest.lastIndexOf("/", cut - 1), rest.lastIndexOf("-", cut - 1));
        if (mark > cut / 2) cut = mark + 1;
        append(rest.slice(0, cut), piece.span);
        newLine();
        rest = rest.slice(cut);
      }
      append(rest, piece.span);
    }
  }
  return lines;
}
