// Load from autocannon, bounded in time, summarized the same way for the product and the baseline.
import autocannon from "autocannon";

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than `expected`, plus connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
}

export type LoadOptions = autocannon.Options & { expected?: number };

export async function load({ expected = 200, ...options }: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({ connections: 10, timeout: 10, ...options });
  const statuses: Record<string, number> = {};
  let unexpected = 0;
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    const count = stat?.count ?? 0;
    statuses[code] = count;
    if (Number(code) !== expected) unexpected += count;
  }
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: unexpected + result.errors + result.timeouts,
    statuses,
  };
}
