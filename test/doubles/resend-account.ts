/** What the Resend double (resend.ts) reports of one account at `GET /__delivered`: types only, shared with the worker tests. */
export interface DeliveredEmail {
  id: string;
  idempotencyKey: string | null;
  authorization: string | null;
  body: { from: string; to: string | string[]; subject: string; text?: string; html?: string; reply_to?: string; headers?: Record<string, string> };
}

/** A request the double answered for the account, delivered or not. */
export interface AnsweredRequest {
  path: string;
  status: number;
  idempotencyKey: string | null;
}

export interface AccountLog {
  delivered: DeliveredEmail[];
  requests: AnsweredRequest[];
}
