import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { AppEnv } from "../env";
import type { FieldError, FieldErrorCode } from "../../contract";
import { invalidFields } from "./problem";

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = { string: "text", number: "a number", int: "a whole number", boolean: "true or false", array: "a list", object: "a JSON object" };
const UNITS: Record<string, [string, string]> = { string: ["character", "characters"], array: ["item", "items"] };
const bound = (origin: string, limit: number | bigint) => {
  const [one, many] = UNITS[origin] ?? ["", ""];
  return `${limit}${one ? ` ${Number(limit) === 1 ? one : many}` : ""}`;
};

/** An empty string where text must be: zod says too short, people say missing. */
const isEmptyText = (issue: { origin: string; minimum: number | bigint }) => issue.origin === "string" && Number(issue.minimum) === 1;

// Messages in the API's own words for every check whose schema names none (a schema's own message
// comes first): partners show them to people, and zod's defaults read like stack traces.
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined ? "is required" : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
      case "too_small":
        return isEmptyText(issue) ? "is required" : `must be at least ${bound(issue.origin, issue.minimum)}`;
      case "too_big":
        return `must be at most ${bound(issue.origin, issue.maximum)}`;
      case "invalid_format":
        return issue.format === "email" ? "must be an email address" : "is not in the expected format";
      case "invalid_value":
        return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of: ${issue.values.join(", ")}`;
      default:
        return undefined;
    }
  },
});

const valueAt = (input: unknown, path: PropertyKey[]) =>
  path.reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);

function codeOf(issue: Issue, input: unknown): FieldErrorCode {
  switch (issue.code) {
    case "invalid_type":
      return valueAt(input, issue.path) === undefined ? "required" : "invalid_type";
    case "too_small":
      return isEmptyText(issue) ? "required" : "too_small";
    case "too_big":
      return issue.origin === "array" ? "too_many" : issue.origin === "string" ? "too_long" : "too_large";
    case "invalid_format":
      return issue.format === "email" ? "invalid_email" : "invalid_format";
    case "invalid_value":
      return "invalid_value";
    case "custom":
      return (issue.params?.code as FieldErrorCode | undefined) ?? "invalid";
    default:
      return "invalid";
  }
}

/** RFC 6901: the whole document is "", a member is "/" and its escaped name. */
const pointerOf = (path: PropertyKey[]) => path.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

/** Zod issues as problem-details field errors: one per field (and one per unknown key). `input` is what was parsed. */
export function fieldErrors(error: z.ZodError, input: unknown): FieldError[] {
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
    errors.push({ field, pointer: pointerOf(issue.path), code: codeOf(issue, input), message: issue.message });
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
      // zod-validator hands the hook the input it parsed, failed or not; zod-openapi's type omits it.
      if (!result.success) throw invalidFields(fieldErrors(result.error, (result as { data?: unknown }).data));
    },
  });
}

/** Validates one part of a request on a plain (non-API) route the same way the API does. */
export const validated = <Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) =>
  validator(target, (value) => {
    const result = schema.safeParse(value);
    if (!result.success) throw invalidFields(fieldErrors(result.error, value));
    return result.data as z.output<Schema>;
  });
