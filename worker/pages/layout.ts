import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export interface PageOptions {
  lang: string;
  title: string;
  description?: string;
  head?: HtmlEscapedString | Promise<HtmlEscapedString>;
}

// Written as is: escaped, the quoted font name would make the whole `font` declaration invalid.
const styles = raw(`
:root{color-scheme:light dark;--accent:#0b57d0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:40rem;margin:3rem auto;padding:0 1.25rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 1rem}
.card{border:1px solid color-mix(in srgb,CanvasText 15%,transparent);border-radius:12px;padding:1.5rem}
button{font:inherit;font-weight:600;padding:.75rem 1.4rem;border-radius:8px;border:0;background:var(--accent);color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
a{color:var(--accent)}
.muted{opacity:.75;font-size:.9rem}
`);

/** A server-rendered page: no script, readable as is. */
export function page(options: PageOptions, content: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${options.description ? html`<meta name="description" content="${options.description}">` : ""}
<style>${styles}</style>
${options.head ?? ""}
</head>
<body>
<main>${content}</main>
</body>
</html>`;
}
