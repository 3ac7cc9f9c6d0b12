import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** How long a read sample serves before it is read again (in the background: queries never wait for it). */
const REFRESH_MS = 60_000;

/** Fewer sampled values than this (a small or never analyzed table) say nothing: every needle counts as common. */
const MIN_SAMPLE = 10;

/**
 * PostgreSQL: the values of contacts.search_text that the planner's statistics hold (pg_stats' most common
 * values and histogram bounds, about a hundred of them), so a text query can tell which of its needles the
 * planner will take for rare: a needle no sampled value contains. PostgreSQL estimates such a LIKE at its
 * floor and reads it through the pg_trgm index; SqlContactStore then asks the index for the needle's
 * trigrams one condition each (see `searchTextHolds` in contact-query.ts), which PostgreSQL intersects
 * far faster than one condition holding them all. A needle some sampled value holds is left to the
 * planner as one LIKE, as before: it may be common, and several conditions would make the planner
 * underestimate it (their selectivities multiply) and sort thousands of hits instead of walking the sort
 * order.
 */
export class SearchTextSample {
  private values: readonly string[] | null = null;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Schema>, private readonly now: () => number = Date.now) {}

  /**
   * Whether a needle looks rare: false for every needle until a sample of at least MIN_SAMPLE values has
   * been read. The first call waits for the first read; later ones start a new read when the sample is
   * older than REFRESH_MS and answer from the one they have meanwhile. A failed read keeps the old sample.
   */
  async rarity(): Promise<(needle: string) => boolean> {
    if (this.now() - this.readAt >= REFRESH_MS && this.reading === null) {
      this.reading = this.read().finally(() => {
        this.reading = null;
      });
    }
    if (this.values === null && this.reading !== null) await this.reading;
    const values = this.values;
    if (values === null || values.length < MIN_SAMPLE) return () => false;
    return (needle) => !values.some((value) => value.includes(needle));
  }

  private async read(): Promise<void> {
    try {
      const { rows } = await sql<{ sample: string[] | null }>`select coalesce(most_common_vals::text::text[], '{}') || coalesce(histogram_bounds::text::text[], '{}') as sample
        from pg_stats where schemaname = current_schema() and tablename = 'contacts' and attname = 'search_text'`.execute(this.db);
      this.values = rows[0]?.sample ?? [];
    } catch {
      // The database is unreachable or restarting: the page query itself will say so; keep what we had.
    } finally {
      this.readAt = this.now();
    }
  }
}
