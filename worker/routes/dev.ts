import { desc, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import { html } from "hono/html";
import { outbox } from "../../schema/tables";
import type { AppEnv } from "../env";
import { countsD1, d1Stats, resetD1Stats } from "../lib/d1-stats";
import { notFound } from "../lib/problem";
import { page } from "../pages/layout";

/**
 * The local mailbox: in development, without a Resend key, emails stay in the outbox and are read
 * here; and the D1 counter the benchmarks read, when they switch it on (D1_STATS=on). Outside
 * development these routes answer 404 as if they did not exist.
 */
export const devMailbox = new Hono<AppEnv>();

devMailbox.use(async (c, next) => {
  if (c.env.ENVIRONMENT !== "development") throw notFound("Page");
  await next();
});

function latestEmails(c: Context<AppEnv>, recipient?: string) {
  return c
    .get("db")
    .select()
    .from(outbox)
    .where(recipient ? eq(outbox.recipient, recipient.toLowerCase()) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(100)
    .all();
}

/** Without the counter there is nothing to report: zeros would read as a measurement. */
const whileCounting = createMiddleware<AppEnv>(async (c, next) => {
  if (!countsD1(c.env)) throw notFound("Page");
  await next();
});

/** Statements run and D1's own rows read and written since the last reset. */
devMailbox.get("/stats", whileCounting, (c) => c.json(d1Stats()));

devMailbox.post("/stats/reset", whileCounting, (c) => {
  resetD1Stats();
  return c.json(d1Stats());
});

devMailbox.get("/mailbox.json", async (c) => {
  const emails = await latestEmails(c, c.req.query("to"));
  return c.json(
    emails.map((email) => ({
      id: email.id,
      to: email.recipient,
      subject: email.subject,
      text: email.text,
      html: email.html,
      template: email.template,
      status: email.status,
      createdAt: email.createdAt.toISOString(),
    })),
  );
});

devMailbox.get("/mailbox", async (c) => {
  const emails = await latestEmails(c, c.req.query("to"));
  return c.html(
    page(
      { lang: "en", title: "Local mailbox" },
      html`<h1>Local mailbox</h1>
<p class="muted">Emails the worker would have sent through Resend, newest first. JSON: <a href="/dev/mailbox.json">/dev/mailbox.json</a></p>
${emails.length ? "" : html`<p>No email yet. Sign a letter to see one here.</p>`}
${emails.map(
  (email) => html`<article class="card" style="margin:1rem 0">
<p class="muted">${email.createdAt.toISOString()} · to ${email.recipient} · ${email.status}</p>
<h2 style="font-size:1.1rem;margin:.25rem 0 .75rem">${email.subject}</h2>
<pre style="white-space:pre-wrap;font:inherit">${email.text.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 ? html`<a href="${part}">${part}</a>` : part))}</pre>
</article>`,
)}`,
    ),
  );
});
