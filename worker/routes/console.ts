import { Hono, type Context } from "hono";
import { setCookie } from "hono/cookie";
import { html } from "hono/html";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { SESSION_COOKIE } from "../middleware";
import { refuseCrossSiteWrite } from "../lib/same-origin";
import { page } from "../pages/layout";
import { inspectLoginLink, openSession, SESSION_TTL_MS } from "../services/organizer-auth";
import { acceptInvitation, inspectInvitation } from "../services/team";

/**
 * The organizer console's pages: `/admin` (the Lit app in `public/admin.js`), and the sign-in and
 * invitation links organizers receive by email.
 */
export const consolePages = new Hono<AppEnv>();

/** The console runs our own script and talks only to our own API; nobody may frame it. */
export const CONSOLE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Only the console's own paths: mounted at "/", a path-less `use` would also run for every route
// mounted after it (the signer links, whose pages set their own policy).
const consoleHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
  // The sign-in and invitation links carry their token in the path: no other site may see it in
  // a Referer. Same-origin (not no-referrer): the link page's own form must post with a real
  // Origin, which the cross-site check reads ("null" is what no-referrer makes it).
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Robots-Tag", "noindex");
  c.header("X-Frame-Options", "DENY");
});
consolePages.use("/admin", consoleHeaders);
consolePages.use("/admin/*", consoleHeaders);

consolePages.get("/admin", (c) => {
  c.header("Content-Security-Policy", CONSOLE_POLICY);
  return c.html(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Undersigned · organizer console</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>:root{color-scheme:light;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}body{margin:0;background:#f6f7f9;color:#1f1f1f}</style>
<script type="module" src="/admin.js"></script>
</head>
<body>
<undersigned-console></undersigned-console>
<noscript>The organizer console needs JavaScript. The same actions are available through the API at /api/admin.</noscript>
</body>
</html>`);
});

const linkPage = (title: string, content: ReturnType<typeof html>) => page({ lang: "en", title }, content);

consolePages.get("/admin/login/:token", async (c) => {
  const found = await inspectLoginLink(c.get("db"), c.req.param("token"));
  if (found.state !== "valid") return c.html(deadLinkPage(found.state), found.state === "invalid" ? 404 : 410);
  // Mail scanners open links: only the button below signs in.
  return c.html(
    linkPage(
      "Sign in to Undersigned",
      html`<div class="card"><h1>Sign in to Undersigned</h1>
<p>Press the button to open the organizer console in this browser.</p>
<form method="post"><button type="submit">Sign in</button></form></div>`,
    ),
  );
});

// Following a link signs a browser in: another site's page must not post one (its own, say).
consolePages.post("/admin/login/:token", async (c) => {
  refuseCrossSiteWrite(c);
  const found = await inspectLoginLink(c.get("db"), c.req.param("token"));
  const secret = found.state === "valid" ? await openSession(c.get("db"), found) : null;
  if (!secret) return c.html(deadLinkPage(found.state === "valid" ? "used" : found.state), found.state === "invalid" ? 404 : 410);
  startSession(c, secret);
  return c.redirect("/admin", 303);
});

function startSession(c: Context<AppEnv>, secret: string) {
  setCookie(c, SESSION_COOKIE, secret, {
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

consolePages.get("/admin/invitations/:token", async (c) => {
  const found = await inspectInvitation(c.get("db"), c.req.param("token"));
  if (found.state !== "valid") return c.html(deadInvitationPage(found.state), found.state === "invalid" ? 404 : 410);
  // Mail scanners open links: only the button below accepts.
  return c.html(
    linkPage(
      "Join the organizers",
      html`<div class="card"><h1>Join the organizers of “${found.campaign.title}”</h1>
<p>You are invited as ${found.invitation.role === "owner" || found.invitation.role === "editor" ? "an" : "a"} ${found.invitation.role}, with the address ${found.invitation.email}. Press the button to accept and open the organizer console in this browser.</p>
<form method="post"><button type="submit">Join</button></form></div>`,
    ),
  );
});

consolePages.post("/admin/invitations/:token", async (c) => {
  refuseCrossSiteWrite(c);
  const found = await inspectInvitation(c.get("db"), c.req.param("token"));
  if (found.state !== "valid") return c.html(deadInvitationPage(found.state), found.state === "invalid" ? 404 : 410);
  const secret = await acceptInvitation(c.get("db"), found.invitation);
  if (!secret) return c.html(deadInvitationPage("used"), 410);
  startSession(c, secret);
  return c.redirect(`/admin#${found.campaign.slug}`, 303);
});

function deadInvitationPage(state: "invalid" | "expired" | "used") {
  const text = {
    invalid: "This invitation link is not valid: it was taken back, or not copied whole from the email.",
    expired: "This invitation has expired: invitations work for 7 days. Ask the campaign's owner for a new one.",
    used: "This invitation was already accepted: each works once. Sign in with your email address instead.",
  }[state];
  return linkPage("Invitation", html`<div class="card"><h1>Invitation</h1><p>${text}</p><p><a href="/admin">Open the console</a></p></div>`);
}

function deadLinkPage(state: "invalid" | "expired" | "used") {
  const text = {
    invalid: "This sign-in link is not valid. Check that the whole link was copied from the email.",
    expired: "This sign-in link has expired: links work for 15 minutes.",
    used: "This sign-in link was already used: each works once.",
  }[state];
  return linkPage(
    "Sign-in link",
    html`<div class="card"><h1>Sign-in link</h1><p>${text}</p><p><a href="/admin">Ask for a new link</a></p></div>`,
  );
}
