// How exports behave at the scale DESIGN.md plans for: a campaign of 100,000 published
// signatures, exported in each streaming format from `wrangler dev` (workerd, local D1). Reports bytes,
// time and workerd's peak resident memory after each export (Linux /proc), as JSON lines.
//
//   node bench/export-100k.ts [count]
//
// Every format streams keyset pages, the PDF included (written page by page). The memory figure
// is the workerd process's peak, local D1 included: for comparing runs, not the isolate's heap.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { startLocalWorker } from "../test/browser/local-worker.ts";
import { wrangler } from "./lib/workers.ts";

const count = Number(process.argv[2] ?? 100_000);

/** Peak resident set (VmHWM, kB) of the workerd processes under the given process. */
function workerdPeakKb(root: number): number {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, name, rest] = stat.match(/^\d+ \((.*)\) (.*)$/s)!;
      const ppid = Number(rest.split(" ")[1]);
      names.set(Number(entry), name);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let peak = 0;
  const visit = (pid: number) => {
    if (names.get(pid)?.startsWith("workerd")) {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      peak = Math.max(peak, Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0));
    }
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return peak;
}

const worker = await startLocalWorker();
/**
 * Seeds by `wrangler d1 execute`, a process of its own, rather than through the worker's workerd
 * (LocalWorker.sql): the memory figures are that workerd's peak, which the exports alone should set.
 */
const seed = (sql: string) => wrangler(["d1", "execute", "DB", "--local", "--persist-to", worker.persistTo, "--command", sql]);
try {
  const seedStarted = Date.now();
  seed(`INSERT INTO campaigns (slug, title, body, letter_date, language, status, addressees) VALUES ('bench', 'Benchmark letter', 'We, the undersigned…', '2026-11-18', 'es', 'open', '["Presidente"]')`);
  seed(`INSERT INTO signatures (id, campaign_id, kind, name, city, country, members, sort_key, organization_key, search_text, contact_name, email, email_domain, locale, source, letter_version, status, created_at, verified_at, published_at, updated_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
SELECT 'bench-' || i, (SELECT id FROM campaigns WHERE slug = 'bench'), 'organization',
  'Organización de Derechos Humanos Número ' || i || ', A.C.', 'Ciudad de México', CASE i % 3 WHEN 0 THEN 'MX' WHEN 1 THEN 'US' ELSE 'GT' END,
  '["Red Regional de Protección","Coalición Pro Defensa del Migrante"]',
  'organizacion de derechos humanos numero ' || printf('%07d', i), 'organizacion de derechos humanos numero ' || i,
  'organizacion de derechos humanos numero ' || i, 'Contacto ' || i, 'contacto' || i || '@org' || i || '.example', 'org' || i || '.example',
  'es', 'seed', 1, 'published', 1795000000000 + i, 1795000000000 + i, 1795000000000 + i, 1795000000000 + i FROM n`);
  const cli = execFileSync(process.execPath, ["scripts/organizer.ts", "add", "bench@coalition.example", "--campaign", "bench", "--persist-to", worker.persistTo], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` },
  });
  const token = cli.trim().split("\n").at(-1)!;
  console.log(JSON.stringify({ seeded: count, seconds: (Date.now() - seedStarted) / 1000, workerdPeakMb: workerdPeakKb(worker.pid) / 1024 }));

  for (const query of ["format=csv", "format=json", "format=txt", "format=md&groupBy=country", "format=pdf"]) {
    const started = Date.now();
    const response = await fetch(`${worker.url}/api/admin/campaigns/bench/export?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    let bytes = 0;
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
    console.log(
      JSON.stringify({ export: query, status: response.status, megabytes: +(bytes / 1e6).toFixed(1), seconds: (Date.now() - started) / 1000, workerdPeakMb: +(workerdPeakKb(worker.pid) / 1024).toFixed(0) }),
    );
  }
} finally {
  await worker.stop();
}
