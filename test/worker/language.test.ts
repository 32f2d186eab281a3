import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signatures, tokens, type Locale } from "../../schema/tables";
import { renderOrganizerEmail } from "../../worker/email/organizer";
import { renderEmail } from "../../worker/email/render";
import { call, db, mailbox, postJson, seedCampaign, signAndConfirm, signOnBody, verifyPath } from "../support/worker";

afterEach(() => vi.restoreAllMocks());

const page = (language: string) => ({ Accept: "text/html", "Accept-Language": language });

/** A D1 binding whose every statement fails with `message`, on the primary and on read replicas alike. */
function failingDatabase(message: string): D1Database {
  const fail = () => {
    throw new Error(message);
  };
  const broken = { prepare: fail, batch: () => Promise.reject(new Error(message)) };
  return new Proxy(env.DB, {
    get: (target, property) =>
      property === "withSession" ? () => broken : property in broken ? broken[property as keyof typeof broken] : Reflect.get(target, property).bind(target),
  });
}

const refusingLimiter = { limit: async () => ({ success: false }) } as unknown as RateLimit;

describe("error pages", () => {
  it("answer an unknown campaign in the language the link names, else the browser's", async () => {
    const named = await call("/c/no-such-letter?lang=es", { headers: page("en") });
    const browser = await call("/c/no-such-letter", { headers: page("fr-CA,fr;q=0.9") });
    const unasked = await call("/c/no-such-letter", { headers: { Accept: "text/html" } });

    expect(named.status).toBe(404);
    const spanish = await named.text();
    expect(spanish).toContain('<html lang="es">');
    expect(spanish).toContain("No se encontró esta carta");
    expect(browser.headers.get("Content-Language")).toBe("fr");
    expect(await browser.text()).toContain("Lettre introuvable");
    expect(await unasked.text()).toContain("Campaign not found");
  });

  it("answer a link opened too often in the browser's language", async () => {
    const limited = await call(`/verify/${"a".repeat(43)}`, { headers: page("es-MX,es;q=0.9") }, { VERIFY_LIMITER: refusingLimiter });

    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    const text = await limited.text();
    expect(text).toContain('<html lang="es">');
    expect(text).toContain("Demasiadas solicitudes");
    expect(text).toContain("Espere un minuto");
  });

  it("answer a database failure behind a signer's link in the signer's language, whatever the browser's", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const campaign = await seedCampaign();
    const body = signOnBody({ locale: "fr" });
    await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);
    const link = verifyPath((await mailbox(body.email))[0]);
    const failingBatch = new Proxy(env.DB, {
      get: (target, property) =>
        property === "batch" ? () => Promise.reject(new Error("D1_ERROR: Network connection lost.")) : Reflect.get(target, property).bind(target),
    });

    const failed = await call(link, { method: "POST", headers: page("en-US") }, { DB: failingBatch });

    expect(failed.status).toBe(503);
    const text = await failed.text();
    expect(text).toContain('<html lang="fr">');
    expect(text).toContain("Rien n’a été enregistré");
  });

  it("answer an unexpected failure (500) in the language asked for", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const campaign = await seedCampaign();

    const failed = await call(`/c/${campaign.slug}?lang=fr`, { headers: page("en") }, { DB: failingDatabase("no such column: oops") });

    expect(failed.status).toBe(500);
    const text = await failed.text();
    expect(text).toContain("Une erreur s’est produite de notre côté");
    expect(text).not.toContain("oops");
  });
});

describe("API problem details", () => {
  it("carry a translated title and detail when the request names a language; type and status stay", async () => {
    const byQuery = await (await call("/api/campaigns/no-such-letter?lang=fr")).json<any>();
    const byHeader = await (await call("/api/campaigns/no-such-letter", { headers: { "Accept-Language": "es-GT" } })).json<any>();
    const unnamed = await (await call("/api/campaigns/no-such-letter")).json<any>();

    expect(byQuery).toMatchObject({ status: 404, type: "https://undersigned.dev/problems/not-found", title: "Lettre introuvable" });
    expect(byQuery.detail).toContain("Vérifiez l’adresse");
    expect(byHeader).toMatchObject({ status: 404, type: "https://undersigned.dev/problems/not-found", title: "No se encontró esta carta" });
    expect(unnamed).toMatchObject({ title: "Campaign not found" });
  });

  it("word field errors in the sign-on's own language, with the same code, field and pointer", async () => {
    const campaign = await seedCampaign();

    const french = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ locale: "fr", email: "pas-une-adresse" }));
    const english = await postJson(`/api/campaigns/${campaign.slug}/signatures`, signOnBody({ locale: "en", email: "not-an-address" }));

    const problem = await french.json<any>();
    expect(french.headers.get("Content-Language")).toBe("fr");
    expect(problem).toMatchObject({ status: 422, type: "https://undersigned.dev/problems/invalid-fields", title: "Certains champs ne sont pas valides" });
    expect(problem.errors).toEqual([{ field: "email", pointer: "/email", code: "invalid_email", message: "Saisissez une adresse courriel comme nom@exemple.org." }]);
    expect(problem.detail).toBe("email\u00a0: Saisissez une adresse courriel comme nom@exemple.org.");
    expect((await english.json<any>()).errors).toEqual([{ field: "email", pointer: "/email", code: "invalid_email", message: "must be an email address" }]);
  });

  it("answer too many sign-ons in the language of the request", async () => {
    const campaign = await seedCampaign();

    const limited = await call(
      `/api/campaigns/${campaign.slug}/signatures`,
      { method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": "fr" }, body: JSON.stringify(signOnBody({ locale: "fr" })) },
      { SIGN_ON_LIMITER: refusingLimiter },
    );

    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ type: "https://undersigned.dev/problems/rate-limited", title: "Trop de requêtes", retryAfter: 60 });
  });
});

/** What each email must say in each language: its real status, and what to do. */
const SAYS: Record<Locale, { verify: string[]; notVerify: RegExp; already: string; confirmed: string; reminder: string }> = {
  en: { verify: ["someone asked to add", "Nothing counts and nothing is shown until you confirm", "If you did not ask for this"], notVerify: /was signed/, already: "This letter already holds a signature for", confirmed: "Keep this email", reminder: "The signature is not counted yet" },
  es: { verify: ["se pidió agregar a", "Nada cuenta ni se muestra hasta que usted confirme", "Si usted no hizo esta solicitud"], notVerify: /Se firmó/, already: "Esta carta ya tiene una firma de", confirmed: "Conserve este correo", reminder: "todavía no cuenta" },
  fr: { verify: ["quelqu’un a demandé d’ajouter", "Rien n’est compté ni affiché avant votre confirmation", "Si vous n’avez rien demandé"], notVerify: /a été inscrite/, already: "Cette lettre porte déjà une signature de", confirmed: "Conservez ce courriel", reminder: "pas encore comptée" },
};

describe("signers' emails", () => {
  for (const locale of ["en", "es", "fr"] as const) {
    it(`state the signature's real status in ${locale}`, async () => {
      const campaign = await seedCampaign();
      const { body } = await signAndConfirm(campaign.slug, { locale, organization: `Colectivo ${locale}` });
      await postJson(`/api/campaigns/${campaign.slug}/signatures`, body);

      const byTemplate = Object.fromEntries((await mailbox(body.email)).map((email) => [email.template, email]));
      const says = SAYS[locale];
      for (const phrase of says.verify) expect(byTemplate.verify.text).toContain(phrase);
      expect(byTemplate.verify.text).not.toMatch(says.notVerify);
      // The first lines name the letter and the organization.
      expect(byTemplate.verify.text.split("\n\n")[1]).toContain(campaign.title);
      expect(byTemplate.verify.text.split("\n\n")[1]).toContain(`Colectivo ${locale}`);
      expect(byTemplate.confirmed.text).toContain(says.confirmed);
      expect(byTemplate["already-signed"].text).toContain(`${says.already} Colectivo ${locale}`);
      const reminder = renderEmail("reminder", locale, { contactName: "Ana", organization: "Colectivo", title: "Carta", link: "https://undersigned.test/verify/x" });
      expect(reminder.text.toLowerCase()).toContain(says.reminder.toLowerCase());
    });
  }
});

describe("signer links that can no longer act", () => {
  it("say that a signature was withdrawn, and how to sign again, when its confirmation link is opened later", async () => {
    const campaign = await seedCampaign();
    const { body } = await signAndConfirm(campaign.slug, { organization: "Red Jesuita", locale: "es" });
    const emails = await mailbox(body.email);
    const withdraw = emails.find((email) => email.template === "confirmed")!.text.match(/\/withdraw\/[A-Za-z0-9_-]{43}/)![0];
    await call(withdraw, { method: "POST" });

    const reopened = await call(verifyPath(emails.find((email) => email.template === "verify")!));

    expect(reopened.status).toBe(410);
    const text = await reopened.text();
    expect(text).toContain("Red Jesuita retiró su firma");
    expect(text).toContain("Para volver a firmar");
    expect(text).not.toContain("ya se confirmó");
  });

  it("give the coalition's address when a withdrawal link has expired", async () => {
    const campaign = await seedCampaign({ replyTo: "coordinacion@coalicion.example" });
    const { body } = await signAndConfirm(campaign.slug, { locale: "fr" });
    const withdraw = (await mailbox(body.email)).find((email) => email.template === "confirmed")!.text.match(/\/withdraw\/[A-Za-z0-9_-]{43}/)![0];
    const [signature] = await db.select().from(signatures).where(eq(signatures.email, body.email)).all();
    await db
      .update(tokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(tokens.signatureId, signature.id), eq(tokens.purpose, "withdraw")))
      .run();

    const expired = await call(withdraw);

    expect(expired.status).toBe(410);
    const text = await expired.text();
    expect(text).toContain("Ce lien de retrait a expiré");
    expect(text).toContain("coordinacion@coalicion.example");
  });
});

describe("the hosted page's language", () => {
  it("labels the copies in the letter's language", async () => {
    const campaign = await seedCampaign({ language: "es", title: "Carta a los líderes", cc: ["Secretaría de Relaciones Exteriores"] });

    const text = await (await call(`/c/${campaign.slug}`)).text();

    expect(text).toContain("C. c. p.: Secretaría de Relaciones Exteriores");
    expect(text).not.toContain("CC:");
  });

  it("speaks the letter's language to a browser whose language it lacks, and says so when that language is asked by name", async () => {
    const campaign = await seedCampaign();

    const guessed = await call(`/c/${campaign.slug}`, { headers: { "Accept-Language": "fr-CA,fr;q=0.9" } });
    const named = await (await call(`/c/${campaign.slug}?lang=fr`)).text();

    expect(guessed.headers.get("Content-Language")).toBe("en");
    expect(await guessed.text()).toContain('<html lang="en">');
    expect(named).toContain("Cette lettre n’existe qu’en anglais.");
    expect(named).toContain(`?lang=en" hreflang="en">Lire cette page en anglais</a>`);
  });
});

describe("organizers' daily digest", () => {
  it("says a count with the form its number takes", () => {
    const one = renderOrganizerEmail("digest", { campaign: "Carta", count: 1, names: ["Red"], held: 1, consoleUrl: "" });
    const many = renderOrganizerEmail("digest", { campaign: "Carta", count: 1200, names: ["Red"], held: 2, consoleUrl: "" });

    expect(one.subject).toBe("1 new signature on “Carta”");
    expect(one.text).toContain("1 signature was confirmed");
    expect(one.text).toContain("1 waits for your approval.");
    expect(many.subject).toBe("1,200 new signatures on “Carta”");
    expect(many.text).toContain("2 wait for your approval.");
  });
});
