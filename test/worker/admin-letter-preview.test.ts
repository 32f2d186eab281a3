import { describe, expect, it } from "vitest";
import { parseLetter } from "../../worker/letter/parse";
import { RICH_LETTER } from "../support/letters";
import { adminSend, seedOrganizer } from "../support/organizers";
import { postJson } from "../support/worker";

describe("POST /api/admin/letter-preview", () => {
  it("answers a draft body as every surface will render it", async () => {
    const { auth } = await seedOrganizer();

    const response = await adminSend("POST", "/api/admin/letter-preview", { body: RICH_LETTER }, auth);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(parseLetter(RICH_LETTER));
  });

  it("is for organizers, and takes a body no longer than a letter may be", async () => {
    const { auth } = await seedOrganizer();

    expect((await postJson("/api/admin/letter-preview", { body: "Hello" })).status).toBe(401);
    expect((await adminSend("POST", "/api/admin/letter-preview", { body: "x".repeat(100_001) }, auth)).status).toBe(422);
    expect((await adminSend("POST", "/api/admin/letter-preview", {}, auth)).status).toBe(422);
  });
});
