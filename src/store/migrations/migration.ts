/** A schema change. `version` orders them; `sql` runs once, in a transaction, under the migration lock. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
