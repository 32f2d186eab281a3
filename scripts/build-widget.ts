// Bundles the widget (Lit included) into public/widget.js, the stable address partners embed, cached
// briefly (public/_headers): the code itself rather than a file that imports a hashed bundle, which
// would cost a round trip and its bytes on every first load. Each language is a content-hashed chunk
// in public/widget/, cached for a year and loaded when used, as is Turnstile's.
import { build, type Plugin } from "esbuild";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { COUNTRY_CODES } from "../contract/countries.ts";

const PUBLIC = fileURLToPath(new URL("../public/", import.meta.url));
const CHUNKS = PUBLIC + "widget/";

/** The API's country codes as one bit per two-letter code AA…ZZ, base64: see widget/countries.ts. */
function countryCodeBits(): string {
  const bits = new Uint8Array(Math.ceil((26 * 26) / 8));
  for (const code of COUNTRY_CODES) {
    const n = (code.charCodeAt(0) - 65) * 26 + (code.charCodeAt(1) - 65);
    bits[n >> 3] |= 1 << (n & 7);
  }
  return Buffer.from(bits).toString("base64");
}

/** Lit's css`…` blocks are strings esbuild cannot minify; these have no `${}` inside. */
const minifyStyles = (source: string) =>
  source.replace(/css`([^`$]*)`/g, (_, styles: string) =>
    `css\`${styles.replace(/\s+/g, " ").replace(/ ?([{};,>]) ?/g, "$1").replace(/: /g, ":").replace(/;}/g, "}").replace(/([:( ])0\./g, "$1.").trim()}\``,
  );

const WIDGET = fileURLToPath(new URL("../widget/", import.meta.url));
const MESSAGES = WIDGET + "locales/";

/**
 * The widget's sources as the bundle takes them. Message keys become numbers: each language's
 * chunk is the array of its texts in en.ts's key order, and every string literal the type checker
 * sees in a `MessageKey` place (`t(locale, "retry")`, a field's `label`, a problem's `key`…) becomes
 * that key's index, so that neither the chunk nor the main module ships the keys. The sources keep
 * their readable keys and work the same untransformed, since `t()` only indexes what the chunk
 * exports. html`…` templates lose their line breaks (templateWhitespace), css`…` ones are minified.
 */
function widgetSources(): { main: (path: string) => string; language: (path: string) => string } {
  const program = ts.createProgram([WIDGET + "index.ts"], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = (path: string) => {
    const file = program.getSourceFile(path);
    if (!file) throw new Error(`${path} is not part of the widget`);
    return file;
  };
  const texts = (path: string) => {
    const messages = new Map<string, string>();
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && ts.isStringLiteralLike(node.initializer)) messages.set(node.name.getText(), node.initializer.text);
      else ts.forEachChild(node, visit);
    };
    visit(source(path));
    return messages;
  };
  const english = source(MESSAGES + "en.ts");
  const keyType = checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checker.getSymbolAtLocation(english)!).find((symbol) => symbol.name === "MessageKey")!);
  const keys = [...texts(english.fileName).keys()];
  // MessageKey itself, optional or not; `any` (String()'s parameter…) would pass both tests.
  const isMessageKey = (type: ts.Type) => {
    const defined = checker.getNonNullableType(type);
    if (defined.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    return checker.isTypeAssignableTo(defined, keyType) && checker.isTypeAssignableTo(keyType, defined);
  };
  return {
    main(path) {
      const file = source(path);
      const replacements: Array<[start: number, end: number, text: string]> = [];
      const visit = (node: ts.Node) => {
        if (ts.isStringLiteral(node)) {
          const context = checker.getContextualType(node);
          if (context && isMessageKey(context)) {
            const index = keys.indexOf(node.text);
            if (index === -1) throw new Error(`${path}: "${node.text}" is no message of en.ts`);
            replacements.push([node.getStart(file), node.end, String(index)]);
          }
        } else if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === "html") {
          replacements.push(...templateWhitespace(file, node.template));
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      let text = file.text;
      for (const [start, end, replacement] of replacements.sort((a, b) => b[0] - a[0])) text = text.slice(0, start) + replacement + text.slice(end);
      return minifyStyles(text);
    },
    language(path) {
      const messages = texts(path);
      const missing = keys.filter((key) => !messages.has(key));
      if (missing.length) throw new Error(`${path} lacks ${missing.join(", ")}`);
      return `export default ${JSON.stringify(keys.map((key) => messages.get(key)))};`;
    },
  };
}

/**
 * The line breaks and indentation in an html`…` template, which would ship and become text nodes:
 * inside a tag, one space (none before `>`); in text, nothing between a tag or `${}` and the next
 * (the templates break lines only between blocks, flex or grid items and options, where whitespace
 * renders nothing), else one space.
 */
function templateWhitespace(file: ts.SourceFile, template: ts.TemplateLiteral): Array<[start: number, end: number, text: string]> {
  const parts = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((span) => span.literal)];
  const replacements: Array<[start: number, end: number, text: string]> = [];
  let inTag = false;
  let quote = "";
  const lineBreak = /\s*\n\s*/y;
  for (const [index, part] of parts.entries()) {
    // Between the part's delimiters: ` or } before, ${ or ` after.
    const start = part.getStart(file) + 1;
    const end = part.end - (index === parts.length - 1 ? 1 : 2);
    const raw = file.text.slice(start, end);
    for (let at = 0; at < raw.length; at++) {
      const char = raw[at];
      lineBreak.lastIndex = at;
      const run = lineBreak.exec(raw)?.[0];
      if (run && !quote) {
        const before = at === 0 ? "}" : raw[at - 1];
        const after = at + run.length === raw.length ? "$" : raw[at + run.length];
        const text = inTag ? (after === ">" ? "" : " ") : /[>}]/.test(before) && /[<$]/.test(after) ? "" : " ";
        replacements.push([start + at, start + at + run.length, text]);
        at += run.length - 1;
      } else if (inTag && quote) {
        if (char === quote) quote = "";
      } else if (inTag) {
        if (char === '"' || char === "'") quote = char;
        else if (char === ">") inTag = false;
      } else if (char === "<" && /[a-z/!]/i.test(raw[at + 1] ?? "")) {
        inTag = true;
      }
    }
  }
  return replacements;
}

const transformWidget: Plugin = {
  name: "transform-widget",
  setup(esbuild) {
    let sources: ReturnType<typeof widgetSources>;
    esbuild.onStart(() => {
      sources = widgetSources();
    });
    esbuild.onLoad({ filter: /[\\/]widget[\\/].*\.ts$/ }, ({ path }) => ({
      loader: "ts",
      contents: path.startsWith(MESSAGES) ? sources.language(path) : sources.main(path),
    }));
  },
};

export interface WidgetBuild {
  /** Path of the main module (`widget.js`), relative to public/. */
  main: string;
  /** Path of each language's chunk, relative to public/. */
  languages: Record<string, string>;
  /** Paths of the other chunks (Turnstile's, loaded only where a campaign requires it). */
  chunks: string[];
}

/** Written whole or not at all: a server or a test may be reading the previous build. */
function writeAtomically(path: string, text: string) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export async function buildWidget(): Promise<WidgetBuild> {
  mkdirSync(CHUNKS, { recursive: true });
  const result = await build({
    entryPoints: { widget: fileURLToPath(new URL("../widget/index.ts", import.meta.url)) },
    entryNames: "[name]",
    chunkNames: "widget/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    target: "es2022",
    outdir: PUBLIC,
    write: false,
    metafile: true,
    legalComments: "none",
    // Module scripts are always decoded as UTF-8, so accents need no \u escapes.
    charset: "utf8",
    plugins: [transformWidget],
    define: { COUNTRY_CODE_BITS: JSON.stringify(countryCodeBits()) },
  });
  const built: WidgetBuild = { main: "", languages: {}, chunks: [] };
  for (const file of result.outputFiles) {
    writeAtomically(file.path, file.text);
    const path = relative(PUBLIC, file.path);
    const source = result.metafile.outputs[relative(process.cwd(), file.path)]?.entryPoint ?? "";
    const language = /widget\/locales\/(\w+)\.ts$/.exec(source)?.[1];
    if (path === "widget.js") built.main = path;
    else if (language) built.languages[language] = path;
    else built.chunks.push(path);
  }
  // Old chunks go only after the new ones are in place: a running server never misses a file.
  const current = new Set(result.outputFiles.map((file) => basename(file.path)));
  for (const file of readdirSync(CHUNKS)) if (!current.has(file)) rmSync(CHUNKS + file);
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { main, languages, chunks } = await buildWidget();
  console.log(`Built public/${[main, ...Object.values(languages), ...chunks].join(", public/")}`);
}
