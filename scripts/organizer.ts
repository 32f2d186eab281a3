// Bootstraps organizers from the command line:
//
//   npm run organizer -- add <email> --campaign <slug> [--remote] [--persist-to <dir>]
//
// Creates the organizer (or reuses it), makes it an owner of the campaign, and prints a new API
// token on its last line. Talks to the local D1 through `wrangler d1 execute` (the deployed one
// with --remote); only the token's SHA-256 is stored.
import { execFileSync } from "node:child_process";
import { SLUG_PATTERN } from "../contract/constants.ts";
import { hashToken, newToken } from "../worker/lib/tokens.ts";

const usage = "usage: npm run organizer -- add <email> --campaign <slug> [--remote] [--persist-to <dir>]";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith("--")) fail(`${name} needs a value\n${usage}`);
  args.splice(at, 2);
  return value;
};
const flag = (name: string) => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};

const slug = option("--campaign");
const persistTo = option("--persist-to");
const remote = flag("--remote");
const [command, rawEmail, ...rest] = args;
if (command !== "add" || !rawEmail || !slug || rest.length) fail(usage);
const email = rawEmail.trim().toLowerCase();
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail(`not an email address: ${rawEmail}`);
if (!SLUG_PATTERN.test(slug)) fail(`not a campaign slug: ${slug}`);

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;

function d1(sql: string): Array<{ results: Record<string, unknown>[] }> {
  const target = remote ? ["--remote"] : ["--local", ...(persistTo ? ["--persist-to", persistTo] : [])];
  const output = execFileSync("wrangler", ["d1", "execute", "DB", ...target, "--json", "--command", sql], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  return JSON.parse(output);
}

const [found] = d1(`SELECT id FROM campaigns WHERE slug = ${quote(slug)}`);
if (!found.results.length) fail(`no campaign with the slug ${slug}`);

const token = newToken();
const organizerId = `(SELECT id FROM organizers WHERE email = ${quote(email)})`;
d1(
  [
    `INSERT OR IGNORE INTO organizers (email) VALUES (${quote(email)})`,
    `INSERT OR IGNORE INTO campaign_memberships (organizer_id, campaign_id, role) VALUES (${organizerId}, ${found.results[0].id}, 'owner')`,
    `INSERT INTO api_tokens (hash, organizer_id, label) VALUES (${quote(await hashToken(token))}, ${organizerId}, 'command line')`,
  ].join("; "),
);
console.log(`${email} organizes ${slug} (${remote ? "remote" : "local"} database). API token, shown once:`);
console.log(token);
