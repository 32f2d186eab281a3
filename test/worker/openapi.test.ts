import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { ORGANIZER_ROLES, WEBHOOK_EVENT_TYPES } from "../../contract";
import { app } from "../../worker/index";
import { call } from "../support/worker";

interface Operation {
  description?: string;
  "x-minimum-role"?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}

const BODILESS_WRITES = new Set(["POST /api/admin/logout", "DELETE /api/admin/tokens/{id}", "DELETE /api/admin/campaigns/{slug}/blocklist/{id}"]);
const isActionWithoutBody = (route: string) => /\/(approve|reject|keep-both|undo|test|replay)$/.test(route) || BODILESS_WRITES.has(route);

async function openApiDocument() {
  const response = await call("/api/openapi.json");
  expect(response.status).toBe(200);
  return response.json<{
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    webhooks: Record<string, Record<string, Operation>>;
    components: { securitySchemes: Record<string, unknown> };
  }>();
}

/** The organizer routes Hono registered, in OpenAPI's path syntax. */
const organizerRoutes = () =>
  [...new Set(app.routes.filter((route) => route.method !== "ALL" && route.path.startsWith("/api/admin")).map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`))].sort();

describe("GET /api/openapi.json", () => {
  it("documents every organizer route, with its security scheme, parameters, request and response schemas", async () => {
    const document = await openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(["apiToken", "session"]);

    const routes = organizerRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const [method, path] = route.split(" ");
      const operation = document.paths[path]?.[method.toLowerCase()];
      expect(operation, `${route} is documented`).toBeDefined();
      if (route === "POST /api/admin/login" || route === "POST /api/admin/logout") continue;
      expect(operation.security, `${route} names its security`).toEqual([{ apiToken: [] }, { session: [] }]);
      expect(operation.responses["401"], `${route} says it answers 401`).toBeDefined();
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        expect(operation.parameters?.some((parameter) => parameter.in === "path" && `{${parameter.name}}` === name), `${route} documents ${name}`).toBe(true);
      }
      if (["POST", "PATCH", "PUT"].includes(method) && !isActionWithoutBody(route)) {
        expect(operation.requestBody?.content["application/json"]?.schema, `${route} documents its body`).toBeDefined();
      }
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith("2"));
      expect(success.length, `${route} documents its answer`).toBeGreaterThan(0);
      for (const [status, response] of success) {
        if (status === "204") continue;
        expect(Object.values(response.content ?? {})[0]?.schema, `${route} ${status} has a schema`).toBeDefined();
      }
    }
  });

  it("states the least role each route of a campaign needs, for programs and for people", async () => {
    const document = await openApiDocument();
    const campaignRoutes = organizerRoutes().filter((route) => route.includes("/campaigns/{slug}"));
    expect(campaignRoutes.length).toBeGreaterThan(25);
    for (const route of campaignRoutes) {
      const [method, path] = route.split(" ");
      const operation = document.paths[path][method.toLowerCase()];
      expect(ORGANIZER_ROLES, `${route} states its role`).toContain(operation["x-minimum-role"]);
      expect(operation.description, route).toContain(`Needs the \`${operation["x-minimum-role"]}\` role`);
    }
  });

  it("documents what webhook endpoints receive: every event, its signed headers and its payload", async () => {
    const document = await openApiDocument();
    for (const type of [...WEBHOOK_EVENT_TYPES, "webhook.test"]) {
      const operation = document.webhooks[type]?.post;
      expect(operation, type).toBeDefined();
      expect(operation.parameters?.filter((parameter) => parameter.in === "header").map((parameter) => parameter.name).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
      expect(operation.requestBody?.content["application/json"].schema).toBeDefined();
    }
  });

  it("is a valid OpenAPI 3.1 document, as a maintained validator reads it", async () => {
    const document = await openApiDocument();
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    // The validator does refuse what is wrong: the same document with a path parameter it does not say is required.
    const broken = structuredClone(document) as { paths: Record<string, Record<string, Operation & { parameters: Array<{ required?: boolean }> }>> };
    broken.paths["/api/admin/campaigns/{slug}"].get.parameters[0].required = false;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("documents the public routes without security", async () => {
    const document = await openApiDocument();
    expect(document.paths["/api/campaigns/{slug}"].get.security).toBeUndefined();
    expect(document.paths["/api/campaigns/{slug}/signatures"].post.requestBody?.content["application/json"].schema).toBeDefined();
  });
});
