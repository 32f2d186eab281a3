import { Column, getTableColumns, is, sql, SQL, type InferInsertModel, type SQLChunk } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../env";

/** A row to insert: each value as its column takes it, or SQL (a column of the source row, a placeholder, say). */
export type RowFrom<T extends SQLiteTable> = { [K in keyof InferInsertModel<T>]?: InferInsertModel<T>[K] | SQL | Column };

/** What `insert().values()` writes for a column left out: its default, else NULL. */
function defaultOf(column: Column): SQLChunk {
  const value = column.default ?? column.defaultFn?.();
  if (value === undefined || value === null) return sql`null`;
  return is(value, SQL) ? value : sql.param(value, column);
}

/**
 * `INSERT INTO table SELECT … FROM source WHERE condition`: the row is written only if the
 * condition holds when the statement runs; a source that is a join (SQL) writes a row per match. In a batch, this lets the database decide what a read
 * before the batch would otherwise decide, in the same transaction and without the round trip.
 * Plain values are encoded as their columns store them (JSON, timestamps).
 */
export function insertWhere<T extends SQLiteTable>(db: Database, table: T, row: RowFrom<T>, source: SQLiteTable | SQL, condition: SQL | undefined) {
  // drizzle's insert-select takes every column, in the table's order.
  const values = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined) return defaultOf(column);
    return is(value, SQL) || is(value, Column) ? value : sql.param(value, column);
  });
  return db.insert(table).select(sql`select ${sql.join(values, sql`, `)} from ${source} where ${condition ?? sql`1`}`);
}
