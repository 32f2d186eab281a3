import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: ["./schema/tables.ts", "./schema/delivery.ts", "./schema/team.ts", "./schema/webhooks.ts", "./schema/bulk-rejections.ts", "./schema/embeds.ts", "./schema/coalition.ts"],
  out: "./schema/migrations",
});
