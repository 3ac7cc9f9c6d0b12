import type { CompiledQuery, DatabaseConnection, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

/**
 * How one dialect meets a failing database. `translate` turns a driver error that clients should see as a
 * fault (the database unreachable, the disk full) into the AppError they get; others pass unchanged.
 * `retryDelayMs` (SQLite's lock waits) says how long to pause before running a statement again, or null.
 */
export interface DriverGuard {
  translate(error: unknown): Error | null;
  /** Asked before a statement runs: may it run again if it fails for a retryable reason (outside a transaction)? */
  mayRetry?(): boolean;
  /**
   * Milliseconds to wait before running the statement again after `attempt` failures, null when the error
   * is not one to wait out; throws the error clients should see when the waiting has gone on long enough.
   */
  retryDelayMs?(error: unknown, attempt: number, waitedMs: number): number | null;
  /**
   * Whether a failed ROLLBACK failed only because the connection is gone (the server discards a transaction
   * whose connection closed): the error that made the transaction roll back is then the one to report.
   */
  connectionGone?(error: unknown): boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class GuardedConnection implements DatabaseConnection {
  constructor(
    public inner: DatabaseConnection,
    private readonly driver: Driver,
    private readonly guard: DriverGuard,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const mayRetry = this.guard.mayRetry?.() === true;
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        const delay = mayRetry ? this.guard.retryDelayMs?.(error, attempt, Date.now() - started) : null;
        if (delay === undefined || delay === null) throw this.guard.translate(error) ?? error;
        // Pause without the connection, so the other requests of this process run meanwhile; a statement
        // outside a transaction that failed this way did nothing, so it may run again as it is.
        await this.driver.releaseConnection(this.inner);
        await sleep(delay);
        this.inner = await this.driver.acquireConnection();
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** A Kysely driver whose connections translate fault errors (and retry SQLite lock waits) through a DriverGuard. */
export class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly guard: DriverGuard,
  ) {}

  private unwrap(connection: DatabaseConnection): DatabaseConnection {
    return connection instanceof GuardedConnection ? connection.inner : connection;
  }

  private async guarded<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.guard.translate(error) ?? error;
    }
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await this.guarded(() => this.inner.acquireConnection()), this.inner, this.guard);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guarded(() => this.inner.beginTransaction(this.unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guarded(() => this.inner.commitTransaction(this.unwrap(connection)));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(this.unwrap(connection));
    } catch (error) {
      // Kysely throws the rollback's error in place of the one that caused it: keep that one when this adds nothing.
      if (this.guard.connectionGone?.(error) === true) return;
      throw this.guard.translate(error) ?? error;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.guarded(async () => this.inner.savepoint?.(this.unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.guarded(async () => this.inner.rollbackToSavepoint?.(this.unwrap(connection), name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.guarded(async () => this.inner.releaseSavepoint?.(this.unwrap(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
