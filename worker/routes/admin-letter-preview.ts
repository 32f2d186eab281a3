import { jsonResponse, problemResponse } from "../../contract";
import { LetterContentSchema, LetterPreviewRequest } from "../../contract/letter";
import { parseLetter } from "../letter/parse";
import { organizerRoute } from "../lib/openapi";
import { createApi } from "../lib/validation";
import { requireOrganizer } from "../middleware";

/** `/api/admin/letter-preview`: the console's editor shows a draft as every surface will render it. */
export const adminLetterPreview = createApi();

adminLetterPreview.use(requireOrganizer);

adminLetterPreview.openapi(
  organizerRoute({
    method: "post",
    path: "/",
    summary: "A letter body, parsed as the campaign's public answer would carry it",
    request: { body: { required: true, content: { "application/json": { schema: LetterPreviewRequest } } } },
    responses: { 200: jsonResponse("The body's blocks and footnotes", LetterContentSchema), 422: problemResponse("No body, or one over 100,000 characters") },
  }),
  // Parsed afresh, not cached: a draft changes with every pause in typing.
  (c) => c.json(parseLetter(c.req.valid("json").body), 200),
);
