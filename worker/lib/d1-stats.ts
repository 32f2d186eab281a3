import type { Bindings } from "../env";

/**
 * For the benchmarks only: a D1 binding that counts every statement and sums the rows read and
 * written that D1 reports in each result's `meta`, so that benchmarks quote D1's own figures rather
 * than estimates. Read at `GET /dev/stats`, reset with `POST /dev/stats/reset`. `wrangler dev` runs
 * the worker in one isolate, so this module's state is the whole count.
 */
export interface D1Stats {
  /** Statements executed, a batch counting each of its statements. */
  queries: number;
  /** Calls to D1: one per statement run alone, one per batch. */
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  /** When counting started (ISO 8601). */
  since: string;
}

/**
 * The bench switches the counter on with the variable `D1_STATS=on` (`wrangler dev --var
 * D1_STATS:on`). It has its own switch, not ENVIRONMENT, so that development and the tests, which
 * run in development for the local mailbox, use D1's own binding as production does.
 */
export const countsD1 = (env: Pick<Bindings, "D1_STATS">) => env.D1_STATS === "on";

const totals = { queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, since: Date.now() };

export const d1Stats = (): D1Stats => ({ ...totals, since: new Date(totals.since).toISOString() });

export function resetD1Stats() {
  Object.assign(totals, { queries: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0, since: Date.now() });
}

function record(metas: Array<D1Meta | undefined>) {
  totals.roundTrips += 1;
  for (const meta of metas) {
    totals.queries += 1;
    totals.rowsRead += meta?.rows_read ?? 0;
    totals.rowsWritten += meta?.rows_written ?? 0;
  }
}

type Source = Pick<D1Database, "prepare" | "batch">;

const SELECT = /^\s*(select|with)\b/i;

class CountedStatement {
  constructor(
    private readonly source: Source,
    private readonly sql: string,
    readonly inner: D1PreparedStatement,
    private readonly values: unknown[] = [],
  ) {}

  bind(...values: unknown[]) {
    return new CountedStatement(this.source, this.sql, this.inner.bind(...values), values);
  }

  async run() {
    const result = await this.inner.run();
    record([result.meta]);
    return result;
  }

  async all() {
    const result = await this.inner.all();
    record([result.meta]);
    return result;
  }

  async first(column?: string) {
    const [row] = (await this.all()).results as Record<string, unknown>[];
    if (column === undefined || !row) return row ?? null;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
    return row[column];
  }

  /**
   * D1's raw() drops the meta it received, so the rows are read as objects instead and turned
   * back into arrays. A SELECT goes through a subquery, in which SQLite names repeated columns
   * apart (`id`, `id:1`), so that a join's columns all survive; its plan and rows read are the same.
   */
  async raw(options?: { columnNames?: boolean }) {
    const statement = SELECT.test(this.sql)
      ? this.source.prepare(`select * from (${this.sql.replace(/[\s;]+$/, "")})`).bind(...this.values)
      : this.inner;
    const result = await statement.all<Record<string, unknown>>();
    record([result.meta]);
    const rows = result.results.map((row) => Object.values(row));
    if (!options?.columnNames) return rows;
    const columns = Object.keys(result.results[0] ?? {}).map((name) => name.replace(/:\d+$/, ""));
    return [columns, ...rows];
  }
}

const unwrap = (statements: D1PreparedStatement[]) =>
  statements.map((statement) => (statement instanceof CountedStatement ? statement.inner : statement));

function countedSource(source: Source) {
  return {
    prepare: (query: string) => new CountedStatement(source, query, source.prepare(query)) as unknown as D1PreparedStatement,
    async batch<T = unknown>(statements: D1PreparedStatement[]) {
      const results = await source.batch<T>(unwrap(statements));
      record(results.map((result) => result.meta));
      return results;
    },
  };
}

/** Wraps a D1 binding (and the sessions it opens) so that everything run through it is counted. */
export function countingD1(db: D1Database): D1Database {
  return {
    ...countedSource(db),
    async exec(query: string) {
      const result = await db.exec(query);
      totals.roundTrips += 1;
      totals.queries += result.count;
      return result;
    },
    withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint) {
      const session = db.withSession(constraintOrBookmark);
      return { ...countedSource(session), getBookmark: () => session.getBookmark() };
    },
  } as D1Database;
}
