// Fresh databases for a run: the product's (migrated, seeded with the demo letter, plus the bench
// campaigns and a campaign of 100,000 signatures loaded in one SQL statement) and the baseline's.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sortKey } from "../../worker/lib/names.ts";
import { ENV, ROOT, wrangler } from "./workers.ts";

export const PRODUCT_CONFIG = join(ROOT, "wrangler.toml");
export const BASELINE_CONFIG = join(ROOT, "bench/baseline/wrangler.toml");

export const SLUGS = {
  signOn: "bench-signon",
  burst: "bench-burst",
  live: "bench-live",
  large: "bench-100k",
  list: "nals-2021",
  /** The update scenario's letter: UPDATE_COUNT published signatories with their contact kept. */
  update: "bench-update",
  /** The demo letter again, with PAGE_LETTER_COUNT signatories: the hosted page Lighthouse measures at that size. */
  thousand: "bench-1000",
} as const;
export const LARGE_COUNT = 100_000;
export const UPDATE_COUNT = 10_000;
export const PAGE_LETTER_COUNT = 1_000;
/** The demo letter's signatories: the list scenario's campaign, mirrored in the baseline. */
export const LIST_COUNT = 73;
export const BASELINE_CAMPAIGNS = { signOn: 1, large: 2, list: 3 } as const;

/** Bulk names whose stored keys SQL can write itself: "Organization 000042" sorts as "organization 000042". */
const bulkName = (i: number) => `Organization ${String(i).padStart(6, "0")}`;
export const bulkRow = (i: number) => ({ name: bulkName(i), sortKey: sortKey(bulkName(i)), id: `bulk-${String(i).padStart(6, "0")}` });
if (bulkRow(42).sortKey !== "organization 000042") throw new Error("bulk names no longer fold to their lower case: update bench/lib/data.ts");

/** `count` published signatures, bulk names in order; contacts' languages in turn (en, es, fr) when `locales` is set. */
function bulkInsert(campaignId: string, count: number, idPrefix = "bulk", locales = false) {
  const at = Date.parse("2026-11-18T12:00:00Z");
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
INSERT INTO signatures (id, campaign_id, kind, name, city, country, members, sort_key, organization_key, search_text, contact_name, contact_title, email, email_domain, locale, source, letter_version, status, created_at, verified_at, published_at, updated_at)
SELECT printf('${idPrefix}-%06d', i), ${campaignId}, 'organization', printf('Organization %06d', i), 'Tapachula',
  CASE i % 4 WHEN 0 THEN 'MX' WHEN 1 THEN 'US' WHEN 2 THEN 'GT' ELSE 'CA' END, '[]',
  printf('organization %06d', i), printf('organization %06d', i), printf('organization %06d tapachula', i),
  'Bench Contact', 'Director', printf('contact%06d@example.org', i), 'example.org', ${locales ? "CASE i % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'es' ELSE 'fr' END" : "'en'"}, 'import:bench', 1, 'published', ${at}, ${at}, ${at}, ${at}
FROM n;`;
}

const campaignInsert = (slug: string) =>
  `INSERT INTO campaigns (slug, title, body, status, moderation, signer_kinds, allowed_origins, version)
VALUES ('${slug}', 'Benchmark letter', 'We, the undersigned…', 'open', 'publish', '["organization"]', '["*"]', 1);`;

function execute(config: string, persistTo: string, name: string, statements: string[]) {
  const file = join(persistTo, `${name}.sql`);
  writeFileSync(file, statements.join("\n") + "\n");
  wrangler(["d1", "execute", "DB", "--config", config, "--local", "--persist-to", persistTo, `--file=${file}`]);
}

/** Migrates, seeds and loads the product's database; returns an organizer API token for the large campaign. */
export function prepareProduct(persistTo: string): string {
  wrangler(["d1", "migrations", "apply", "DB", "--config", PRODUCT_CONFIG, "--local", "--persist-to", persistTo]);
  const node = (script: string, args: string[]) =>
    execFileSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  node("scripts/seed.ts", [`--persist-to=${persistTo}`]);
  const campaignId = (slug: string) => `(SELECT id FROM campaigns WHERE slug = '${slug}')`;
  execute(PRODUCT_CONFIG, persistTo, "bench-data", [
    ...[SLUGS.signOn, SLUGS.burst, SLUGS.live, SLUGS.large].map(campaignInsert),
    bulkInsert(campaignId(SLUGS.large), LARGE_COUNT),
    campaignInsert(SLUGS.update),
    bulkInsert(campaignId(SLUGS.update), UPDATE_COUNT, "update", true),
    // The demo letter (its text and translations) under another slug, with a thousand signatories.
    `INSERT INTO campaigns (slug, title, body, addressees, cc, salutation, letter_date, language, translations, status, moderation, signer_kinds, allowed_origins, version)
SELECT '${SLUGS.thousand}', title, body, addressees, cc, salutation, letter_date, language, translations, status, moderation, signer_kinds, allowed_origins, version FROM campaigns WHERE slug = '${SLUGS.list}';`,
    bulkInsert(campaignId(SLUGS.thousand), PAGE_LETTER_COUNT, "page"),
  ]);
  // One organizer, owner of the large campaign (export, delivery) and of the update's: the last token serves both.
  let output = "";
  for (const slug of [SLUGS.large, SLUGS.update]) {
    output = node("scripts/organizer.ts", ["add", "bench@example.org", "--campaign", slug, "--persist-to", persistTo]);
  }
  return output.trim().split("\n").at(-1)!.trim();
}

export function prepareBaseline(persistTo: string) {
  wrangler(["d1", "migrations", "apply", "DB", "--config", BASELINE_CONFIG, "--local", "--persist-to", persistTo]);
  execute(BASELINE_CONFIG, persistTo, "baseline-data", [
    bulkInsert(String(BASELINE_CAMPAIGNS.large), LARGE_COUNT),
    bulkInsert(String(BASELINE_CAMPAIGNS.list), LIST_COUNT, "list"),
  ]);
}
