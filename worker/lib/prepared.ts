import { getTableColumns, is, Param, Placeholder, sql, type Query, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../env";

/**
 * Placeholders named `<group>.<key>` for columns of a table, each encoded as its column stores
 * values (JSON, timestamps): `bindBuilt` takes their values from `values[group][key]`.
 */
export function placeholdersFor<T extends SQLiteTable, K extends string>(group: string, table: T, keys: readonly K[]): Record<K, SQL> {
  const columns = getTableColumns(table) as Record<string, SQLiteTable["_"]["columns"][string]>;
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.param(sql.placeholder(`${group}.${key}`), columns[key])}`])) as Record<K, SQL>;
}

/** A statement's SQL and, for each of its parameters, how to find its value among a call's. */
export interface BuiltStatement {
  sql: string;
  params: Array<(values: Record<string, unknown>) => unknown>;
}

function lookUp(name: string) {
  const path = name.split(".");
  return (values: Record<string, unknown>) => {
    const value = path.reduce<unknown>((found, key) => (found as Record<string, unknown> | undefined)?.[key], values);
    if (value === undefined) throw new Error(`no value for the placeholder "${name}"`);
    return value;
  };
}

/**
 * Statements on the busiest path are built by drizzle once and kept: building the three inserts
 * of a sign-on took a fifth of its JavaScript time. `build` returns queries whose values are all
 * placeholders (`toSQL()`); it runs once per shape (`shapeOf` its arguments: what varies in the
 * SQL, nothing by default). Values are encoded as their columns store them (JSON, timestamps), as
 * drizzle does; unlike drizzle's own placeholder filling, null stays NULL in every column.
 */
export function builtOnce<A extends unknown[]>(
  build: (db: Database, ...args: A) => Query[],
  shapeOf: (...args: A) => unknown = () => undefined,
): (db: Database, ...args: A) => BuiltStatement[] {
  const built = new Map<unknown, BuiltStatement[]>();
  const prepare = (query: Query): BuiltStatement => ({
    sql: query.sql,
    params: query.params.map((param) => {
      if (is(param, Placeholder)) return lookUp(param.name);
      if (is(param, Param) && is(param.value, Placeholder)) {
        const value = lookUp(param.value.name);
        const { encoder } = param;
        return (values) => {
          const found = value(values);
          return found === null ? null : encoder.mapToDriverValue(found);
        };
      }
      return () => param;
    }),
  });
  return (db, ...args) => {
    const shape = shapeOf(...args);
    if (!built.has(shape)) built.set(shape, build(db, ...args).map(prepare));
    return built.get(shape)!;
  };
}

/** A built statement with this call's values, to run alone or in `db.$client.batch`. */
export function bindBuilt(db: Database, statement: BuiltStatement, values: Record<string, unknown>): D1PreparedStatement {
  return db.$client.prepare(statement.sql).bind(...statement.params.map((param) => param(values)));
}
