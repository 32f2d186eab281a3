import { Hono, type Context } from "hono";
import type { AppEnv } from "../env";
import { notFound } from "../lib/problem";
import { publicBaseUrl } from "../lib/urls";
import { publicCampaign } from "../middleware";
import { canonicalText, deliveryView, findDelivery } from "../services/delivery";
import { textStream } from "../services/exports";

/**
 * A delivery's public record under `/c/:slug`: anyone can check that the list delivered is the
 * one shown, by recomputing the fingerprint (`curl …/delivery.txt | sha256sum`).
 */
export const deliveryRecords = new Hono<AppEnv>();

deliveryRecords.use("/:slug/*", publicCampaign);

async function delivered(c: Context<AppEnv>) {
  const delivery = await findDelivery(c.get("db"), c.get("campaign").id);
  if (!delivery) throw notFound("Delivery");
  return delivery;
}

deliveryRecords.get("/:slug/delivery.txt", async (c) => {
  const delivery = await delivered(c);
  return new Response(textStream(canonicalText(c.get("db"), c.get("campaign"), delivery.letterVersion)), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
});

deliveryRecords.get("/:slug/delivery", async (c) => {
  const delivery = await delivered(c);
  let canonical = "";
  for await (const piece of canonicalText(c.get("db"), c.get("campaign"), delivery.letterVersion)) canonical += piece;
  c.header("Cache-Control", "public, max-age=300");
  c.header("Access-Control-Allow-Origin", "*");
  return c.json({
    slug: c.get("campaign").slug,
    ...deliveryView(delivery, c.get("campaign"), publicBaseUrl(c)),
    algorithm: "SHA-256 over the UTF-8 bytes of `canonical`" as const,
    canonical,
  });
});
