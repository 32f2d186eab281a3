// Seeds the demo campaign `nals-2021` (the November 2021 North American Leaders' Summit letter
// and its 73 signatories) into the local D1, or the remote one with --remote. Idempotent: every
// row has a fixed key and is inserted with INSERT OR IGNORE.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { lookAlikeKey, organizationKey, searchText, sortKey } from "../worker/lib/names.ts";

interface SeedSignature {
  organization: string;
  country?: string;
  city?: string;
  region?: string;
  members?: string[];
}

const demo = JSON.parse(readFileSync(new URL("../schema/seed/nals-2021.json", import.meta.url), "utf8"));
const quote = (value: unknown) =>
  value === null || value === undefined ? "NULL" : typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
const json = (value: unknown) => quote(JSON.stringify(value));

const publishedAt = Date.parse(`${demo.letterDate}T12:00:00Z`);
const campaignId = `(SELECT id FROM campaigns WHERE slug = ${quote(demo.slug)})`;

const statements = [
  `INSERT OR IGNORE INTO campaigns (slug, title, body, addressees, cc, salutation, letter_date, language, translations, status, moderation, signer_kinds, allowed_origins, version)
VALUES (${quote(demo.slug)}, ${quote(demo.title)}, ${quote(demo.body)}, ${json(demo.addressees)}, ${json(demo.cc)}, ${quote(demo.salutation)}, ${quote(demo.letterDate)}, 'en', ${json(demo.translations)}, 'open', 'publish', '["organization"]', '["*"]', 1);`,
  ...demo.signatures.map((entry: SeedSignature, index: number) => {
    const id = `seed-${demo.slug}-${String(index + 1).padStart(3, "0")}`;
    const members = entry.members ?? [];
    return `INSERT OR IGNORE INTO signatures (id, campaign_id, kind, name, city, region, country, members, sort_key, organization_key, look_alike_key, search_text, locale, source, letter_version, status, created_at, verified_at, published_at, updated_at)
VALUES (${quote(id)}, ${campaignId}, 'organization', ${quote(entry.organization)}, ${quote(entry.city)}, ${quote(entry.region)}, ${quote(entry.country)}, ${json(members)}, ${quote(sortKey(entry.organization))}, ${quote(organizationKey(entry.organization))}, ${quote(lookAlikeKey(entry.organization))}, ${quote(searchText([entry.organization, entry.city, entry.region, ...members]))}, 'en', 'seed', 1, 'published', ${publishedAt}, ${publishedAt}, ${publishedAt}, ${publishedAt});`;
  }),
];

mkdirSync(".wrangler", { recursive: true });
const file = ".wrangler/seed.sql";
writeFileSync(file, statements.join("\n") + "\n");
const target = process.argv.includes("--remote") ? "--remote" : "--local";
// `--persist-to=<dir>` seeds a local database kept elsewhere than .wrangler/ (the browser tests' own).
const persistTo = process.argv.filter((arg) => arg.startsWith("--persist-to="));
// wrangler prints every statement's result: hundreds of lines that would bury the dev server's address. Errors still show.
execFileSync("wrangler", ["d1", "execute", "DB", target, `--file=${file}`, ...persistTo], { stdio: ["ignore", "ignore", "inherit"] });
console.log(`Seeded ${demo.slug}: ${demo.signatures.length} signatories (${target.slice(2)}).`);
