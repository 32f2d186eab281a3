import type { Context } from "hono";
import { accepts } from "hono/accepts";
import type { Locale } from "../schema/tables";

export const LOCALES: readonly Locale[] = ["en", "es", "fr"];

/**
 * The language a reader's browser asks for (`Accept-Language`, by its weights), else `fallback`.
 * Regional tags count for their language: `es-MX` reads Spanish.
 */
export const preferredLocale = (c: Context, fallback: Locale): Locale =>
  accepts(c, {
    header: "Accept-Language",
    supports: [...LOCALES],
    default: fallback,
    match: (ranges, { supports, default: none }) =>
      ranges
        .filter((range) => range.q > 0)
        .sort((a, b) => b.q - a.q)
        .map((range) => range.type.split("-")[0].toLowerCase())
        .find((base) => supports.includes(base)) ?? none,
  }) as Locale;

type Vars = Record<string, string | number>;
const fill = (template: string, vars: Vars) => template.replace(/\{(\w+)\}/g, (_, key: string) => String(vars[key] ?? ""));

const messages = {
  en: {
    verifySubject: "Confirm your signature: {title}",
    verifyText:
      "Hello {contactName},\n\n{organization} was signed on to “{title}” with this email address.\n\nTo confirm, open this link and press “Confirm signature”:\n{link}\n\nThe link works for 7 days. If this was not you, ignore this email: nothing will be published.",
    alreadySubject: "Already signed: {title}",
    alreadyText:
      "Hello {contactName},\n\nSomeone asked to sign “{title}” for {organization} with this email address, but there already is one from this address. Nothing has changed and no second signature was added.\n\nSee the letter and its signatories: {campaignUrl}\n\nIf this was not you, you can ignore this email.",
    confirmedSubject: "Thank you for signing: {title}",
    confirmedText:
      "Hello {contactName},\n\nYour signature for {organization} on “{title}” is confirmed. {listed}\n\nSee the letter and its signatories: {campaignUrl}\n\nShould you need to withdraw this signature, use this link: {withdrawLink}",
    confirmedListed: "It is now on the public list.",
    listedSubject: "Now on the list: {title}",
    listedText:
      "Hello {contactName},\n\nThe organizers reviewed the signature of {organization} on “{title}”: it is now on the public list.\n\nSee the letter and its signatories: {campaignUrl}",
    confirmedHeld: "The organizers will review it before it appears on the public list.",
    confirmTitle: "Confirm your signature",
    confirmLead: "You are about to add {organization} to the signatories of “{title}”.",
    confirmButton: "Confirm signature",
    confirmNote: "Nothing is published until you press the button.",
    withdrawNote: "Nothing changes until you press the button.",
    doneTitle: "Thank you!",
    doneListed: "{organization} is now on the list of signatories of “{title}”.",
    doneHeld: "Your signature for {organization} is confirmed. The organizers will review it before it is listed.",
    expiredTitle: "This link has expired",
    expiredText: "Confirmation links work for 7 days. Sign the letter again to receive a new one.",
    usedTitle: "This link was already used",
    usedText: "The signature was already confirmed with this link; nothing more is needed.",
    withdrawUsedText: "This signature is no longer on the letter; nothing more is needed.",
    withdrawExpiredText: "This withdrawal link has expired. Write to the letter's organizers to have the signature removed.",
    invalidTitle: "This link is not valid",
    invalidText: "Check that the whole link was copied from the email, or sign the letter again.",
    withdrawInvalidText: "Check that the whole link was copied from the confirmation email.",
    withdrawTitle: "Withdraw your signature",
    withdrawLead: "You are about to take {organization} off the signatories of “{title}”.",
    withdrawButton: "Withdraw signature",
    withdrawnTitle: "Signature withdrawn",
    withdrawnText: "{organization} is no longer listed on “{title}”.",
    signAgain: "You can sign again at any time.",
    seeLetter: "See the letter and its signatories",
    pageSignatories: "Signatories",
    pageCountOne: "{count} signature so far.",
    pageCountOther: "{count} signatures so far.",
    pageClosed: "This letter is closed to new signatures.",
    pageNoScript: "The sign-on form needs JavaScript. The letter and its signatories are all here.",
    pageMore: "Next signatories",
    pageMembers: "Members:",
    footer: "Undersigned: sign-on letters for civil society.",
  },
  es: {
    verifySubject: "Confirme su firma: {title}",
    verifyText:
      "Hola, {contactName}:\n\nSe firmó «{title}» en nombre de {organization} con esta dirección de correo.\n\nPara confirmar, abra este enlace y pulse «Confirmar la firma»:\n{link}\n\nEl enlace es válido durante 7 días. Si no fue usted, ignore este correo: no se publicará nada.",
    alreadySubject: "Ya firmó: {title}",
    alreadyText:
      "Hola, {contactName}:\n\nAlguien pidió firmar «{title}» por {organization} con esta dirección de correo, pero ya hay una con esta dirección. No cambió nada ni se añadió una segunda firma.\n\nVea la carta y sus firmantes: {campaignUrl}\n\nSi no fue usted, puede ignorar este correo.",
    confirmedSubject: "Gracias por firmar: {title}",
    confirmedText:
      "Hola, {contactName}:\n\nLa firma de {organization} en «{title}» está confirmada. {listed}\n\nVea la carta y sus firmantes: {campaignUrl}\n\nSi necesita retirar esta firma, use este enlace: {withdrawLink}",
    confirmedListed: "Ya aparece en la lista pública.",
    listedSubject: "Ya figura en la lista: {title}",
    listedText:
      "Hola, {contactName}:\n\nLas organizadoras revisaron la firma de {organization} en «{title}»: ya figura en la lista pública.\n\nVea la carta y sus firmantes: {campaignUrl}",
    confirmedHeld: "Las organizadoras la revisarán antes de que aparezca en la lista pública.",
    confirmTitle: "Confirme su firma",
    confirmLead: "Está a punto de añadir {organization} a la lista de firmantes de «{title}».",
    confirmButton: "Confirmar la firma",
    confirmNote: "No se publica nada hasta que pulse el botón.",
    withdrawNote: "No cambia nada hasta que pulse el botón.",
    doneTitle: "¡Gracias!",
    doneListed: "{organization} ya figura en la lista de firmantes de «{title}».",
    doneHeld: "La firma de {organization} está confirmada. Las organizadoras la revisarán antes de publicarla.",
    expiredTitle: "Este enlace ha caducado",
    expiredText: "Los enlaces de confirmación son válidos durante 7 días. Vuelva a firmar la carta para recibir uno nuevo.",
    usedTitle: "Este enlace ya se usó",
    usedText: "La firma ya se confirmó con este enlace; no hace falta nada más.",
    withdrawUsedText: "Esta firma ya no figura en la carta; no hace falta nada más.",
    withdrawExpiredText: "Este enlace para retirar la firma ha caducado. Escriba a quienes organizan la carta para que la retiren.",
    invalidTitle: "Este enlace no es válido",
    invalidText: "Compruebe que copió el enlace completo del correo, o vuelva a firmar la carta.",
    withdrawInvalidText: "Compruebe que copió el enlace completo del correo de confirmación.",
    withdrawTitle: "Retirar su firma",
    withdrawLead: "Está a punto de retirar {organization} de la lista de firmantes de «{title}».",
    withdrawButton: "Retirar la firma",
    withdrawnTitle: "Firma retirada",
    withdrawnText: "{organization} ya no figura en «{title}».",
    signAgain: "Puede volver a firmar cuando quiera.",
    seeLetter: "Ver la carta y sus firmantes",
    pageSignatories: "Firmantes",
    pageCountOne: "{count} firma hasta ahora.",
    pageCountOther: "{count} firmas hasta ahora.",
    pageClosed: "Esta carta ya no recibe firmas.",
    pageNoScript: "El formulario para firmar necesita JavaScript. La carta y sus firmantes están todos aquí.",
    pageMore: "Siguientes firmantes",
    pageMembers: "Integrantes:",
    footer: "Undersigned: cartas colectivas de la sociedad civil.",
  },
  fr: {
    verifySubject: "Confirmez votre signature : {title}",
    verifyText:
      "Bonjour {contactName},\n\n{organization} a été inscrite comme signataire de « {title} » avec cette adresse électronique.\n\nPour confirmer, ouvrez ce lien et appuyez sur « Confirmer la signature » :\n{link}\n\nLe lien est valable 7 jours. Si ce n’était pas vous, ignorez ce message : rien ne sera publié.",
    alreadySubject: "Déjà signé : {title}",
    alreadyText:
      "Bonjour {contactName},\n\nQuelqu’un a demandé à signer « {title} » pour {organization} avec cette adresse, mais il y en a déjà une avec cette adresse. Rien n’a changé et aucune seconde signature n’a été ajoutée.\n\nVoir la lettre et ses signataires : {campaignUrl}\n\nSi ce n’était pas vous, vous pouvez ignorer ce message.",
    confirmedSubject: "Merci d’avoir signé : {title}",
    confirmedText:
      "Bonjour {contactName},\n\nVotre signature au nom de « {organization} » pour « {title} » est confirmée. {listed}\n\nVoir la lettre et ses signataires : {campaignUrl}\n\nSi vous deviez retirer cette signature, utilisez ce lien : {withdrawLink}",
    confirmedListed: "Elle figure désormais sur la liste publique.",
    listedSubject: "Désormais sur la liste : {title}",
    listedText:
      "Bonjour {contactName},\n\nLes organisatrices ont examiné votre signature au nom de « {organization} » pour « {title} » : elle figure désormais sur la liste publique.\n\nVoir la lettre et ses signataires : {campaignUrl}",
    confirmedHeld: "Les organisatrices l’examineront avant qu’elle n’apparaisse sur la liste publique.",
    confirmTitle: "Confirmez votre signature",
    confirmLead: "Vous allez ajouter {organization} aux signataires de « {title} ».",
    confirmButton: "Confirmer la signature",
    confirmNote: "Rien n’est publié avant que vous n’appuyiez sur le bouton.",
    withdrawNote: "Rien ne change avant que vous n’appuyiez sur le bouton.",
    doneTitle: "Merci !",
    doneListed: "{organization} figure désormais parmi les signataires de « {title} ».",
    doneHeld: "Votre signature au nom de « {organization} » est confirmée. Les organisatrices l’examineront avant de la publier.",
    expiredTitle: "Ce lien a expiré",
    expiredText: "Les liens de confirmation sont valables 7 jours. Signez de nouveau la lettre pour en recevoir un autre.",
    usedTitle: "Ce lien a déjà été utilisé",
    usedText: "La signature a déjà été confirmée avec ce lien ; il n’y a rien d’autre à faire.",
    withdrawUsedText: "Cette signature ne figure plus sur la lettre ; il n’y a rien d’autre à faire.",
    withdrawExpiredText: "Ce lien de retrait a expiré. Écrivez aux organisateurs de la lettre pour faire retirer la signature.",
    invalidTitle: "Ce lien n’est pas valide",
    invalidText: "Vérifiez que le lien a été copié en entier depuis le message, ou signez de nouveau la lettre.",
    withdrawInvalidText: "Vérifiez que le lien a été copié en entier depuis le message de confirmation.",
    withdrawTitle: "Retirer votre signature",
    withdrawLead: "Vous allez retirer {organization} des signataires de « {title} ».",
    withdrawButton: "Retirer la signature",
    withdrawnTitle: "Signature retirée",
    withdrawnText: "{organization} ne figure plus parmi les signataires de « {title} ».",
    signAgain: "Vous pouvez signer de nouveau à tout moment.",
    seeLetter: "Voir la lettre et ses signataires",
    pageSignatories: "Signataires",
    pageCountOne: "{count} signature à ce jour.",
    pageCountOther: "{count} signatures à ce jour.",
    pageClosed: "Cette lettre n’accepte plus de signatures.",
    pageNoScript: "Le formulaire de signature nécessite JavaScript. La lettre et ses signataires sont tous ici.",
    pageMore: "Signataires suivants",
    pageMembers: "Membres :",
    footer: "Undersigned : lettres collectives de la société civile.",
  },
} satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)["en"];

export function t(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  return fill(messages[locale][key], vars);
}
