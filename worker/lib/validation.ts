import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { AppEnv } from "../env";
import { invalidFields, type FieldError } from "./problem";

// C0/C1 controls and the bidi embedding/override/isolate characters that can make a listed
// name read differently from what was stored.
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** One line of user text: NFC, trimmed, bounded, free of control characters. */
export const line = (max: number) =>
  z
    .string()
    .normalize("NFC")
    .trim()
    .max(max)
    .refine((value) => !FORBIDDEN_CHARACTERS.test(value), {
      message: "must not contain control or bidi-override characters",
      params: { code: "control_characters" },
    });

type Issue = z.core.$ZodIssue;

function codeOf(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "required" : "invalid_type";
    case "too_small":
      return issue.origin === "string" && issue.minimum === 1 ? "required" : "too_small";
    case "too_big":
      return issue.origin === "array" ? "too_many" : "too_long";
    case "invalid_format":
      return issue.format === "email" ? "invalid_email" : "invalid_format";
    case "invalid_value":
      return "invalid_value";
    case "custom":
      return (issue.params?.code as string | undefined) ?? "invalid";
    default:
      return issue.code;
  }
}

const pointerOf = (path: PropertyKey[]) => "/" + path.map((part) => String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** Zod issues as problem-details field errors: one per field (and one per unknown key). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        errors.push({ field: path.join("."), pointer: pointerOf(path), code: "unknown_field", message: "is not a known field" });
      }
      continue;
    }
    const field = issue.path.length ? issue.path.join(".") : "(body)";
    if (errors.some((existing) => existing.field === field)) continue;
    errors.push({ field, pointer: pointerOf(issue.path), code: codeOf(issue), message: issue.message });
  }
  return errors;
}

/**
 * A sub-app whose every validated body, param and query answers a 422 problem on failure. The
 * same zod schemas produce the OpenAPI document.
 */
export function createApi() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidFields(fieldErrors(result.error));
    },
  });
}

/** Validates one part of a request on a plain (non-API) route the same way the API does. */
export const validated = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  validator(target, (value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw invalidFields(fieldErrors(result.error));
    return result.data as z.output<Schema>;
  });
