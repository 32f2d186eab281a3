// The Resend double of the tests (test/doubles/resend.ts), run in the bench's process for the
// scenarios that send email through Resend: it answers as Resend does, keeps what it was handed,
// and here also notes when it answered each send, which is when an email counts as handed over.
import type { AccountLog } from "../../test/doubles/resend-account.ts";
import { startResendDouble } from "../../test/doubles/resend.ts";

/** The Resend API key the product is started with: the double's account for the bench. */
export const BENCH_RESEND_KEY = "re_bench_0000000000000000";

export interface ResendWatch {
  url: string;
  /** From now on: what came before is left out of `log` and the answer times. */
  reset(): Promise<void>;
  /** What the account was handed, and every send request it answered, since the last reset. */
  log(): Promise<AccountLog>;
  /** When (performance.now()) each send request since the last reset was answered. */
  answerTimes(): number[];
  lastAnswerAt(): number | undefined;
  close(): Promise<void>;
}

export async function startResendWatch(): Promise<ResendWatch> {
  const { url, server } = await startResendDouble();
  let answers: number[] = [];
  let skip = { delivered: 0, requests: 0 };
  const fullLog = async () =>
    (await (await fetch(`${url}/__delivered`, { headers: { authorization: `Bearer ${BENCH_RESEND_KEY}` } })).json()) as AccountLog;
  server.on("request", (request, response) => {
    if (!request.url?.startsWith("/emails")) return;
    response.once("finish", () => answers.push(performance.now()));
  });
  return {
    url,
    async reset() {
      answers = [];
      // The double keeps the account's whole history: what is there now is skipped.
      const log = await fullLog();
      skip = { delivered: log.delivered.length, requests: log.requests.length };
    },
    async log() {
      const log = await fullLog();
      return { delivered: log.delivered.slice(skip.delivered), requests: log.requests.slice(skip.requests) };
    },
    answerTimes: () => [...answers],
    lastAnswerAt: () => answers.at(-1),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
