/** A letter as coalitions write them: a demand, numbered asks, a report, a quote, a source. */
export const RICH_LETTER = `## Our demand

We call on you to **end Title 42 expulsions** now, as the [report](https://example.org/report) shows.[^1]

1. Restore access to *asylum* at ports of entry.
2. Stop expulsion flights.

> Nobody should be sent back to danger.

[^1]: Human Rights First, *Human Rights Travesty*, 2021.
`;

/** What a careless or hostile organizer might paste: a script link, raw HTML, a script tag. */
export const HOSTILE_LETTER = `Read [the brief](javascript:alert(document.cookie)) first.

<script>window.pwned = true</script>

<img src=x onerror="window.pwned = true"> and <a href="javascript:alert(1)">this</a>.
`;

/** Markdown that would show through if a surface printed the body as typed. */
export const MARKDOWN_MARKERS = /\*\*|##|\]\(|\[\^|^>/m;
