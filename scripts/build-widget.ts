// Bundles the widget (Lit included) into public/widget/ as content-hashed modules, cached for a
// year, plus public/widget.js, the stable address partners embed, which only imports the current
// bundle and is cached briefly. Each language past English is its own chunk, loaded when used.
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { COUNTRY_CODES } from "../worker/lib/countries.ts";

const PUBLIC = fileURLToPath(new URL("../public/", import.meta.url));
const OUT = PUBLIC + "widget/";

/** The API's country codes as one bit per two-letter code AA…ZZ, base64: see widget/countries.ts. */
function countryCodeBits(): string {
  const bits = new Uint8Array(Math.ceil((26 * 26) / 8));
  for (const code of COUNTRY_CODES) {
    const n = (code.charCodeAt(0) - 65) * 26 + (code.charCodeAt(1) - 65);
    bits[n >> 3] |= 1 << (n & 7);
  }
  return Buffer.from(bits).toString("base64");
}

export interface WidgetBuild {
  /** Path of the hashed main module, relative to public/. */
  main: string;
  /** Paths of the language chunks, relative to public/. */
  chunks: string[];
}

export async function buildWidget(): Promise<WidgetBuild> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const result = await build({
    entryPoints: { widget: fileURLToPath(new URL("../widget/index.ts", import.meta.url)) },
    entryNames: "[name]-[hash]",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    target: "es2022",
    outdir: OUT,
    write: false,
    metafile: true,
    legalComments: "none",
    define: { COUNTRY_CODE_BITS: JSON.stringify(countryCodeBits()) },
  });
  const built: WidgetBuild = { main: "", chunks: [] };
  for (const file of result.outputFiles) {
    // Minified code keeps line breaks only inside template literals, where the indentation that
    // follows them is HTML and CSS whitespace that renders the same collapsed.
    writeFileSync(file.path, file.text.replace(/\n\s+/g, "\n"));
    const path = relative(PUBLIC, file.path);
    if (basename(file.path).startsWith("widget-")) built.main = path;
    else built.chunks.push(path);
  }
  writeFileSync(PUBLIC + "widget.js", `import "./${built.main}";\n`);
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { main, chunks } = await buildWidget();
  console.log(`Built public/widget.js → ${[main, ...chunks].join(", ")}`);
}
