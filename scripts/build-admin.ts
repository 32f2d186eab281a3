// Bundles the organizer console (admin/, Lit) into public/admin.js, which the worker serves as a
// static asset under the console's CSP (`script-src 'self'`).
import { build } from "esbuild";

await build({
  entryPoints: ["admin/index.ts"],
  outfile: "public/admin.js",
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
