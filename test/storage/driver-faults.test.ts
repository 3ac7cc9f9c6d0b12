import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { postgresFault } from '../../src/storage/dialects/postgres.ts';
import { sqliteFault } from '../../src/storage/dialects/sqlite.ts';

const withCode = (code: string, message = 'driver text') => Object.assign(new Error(message), { code });

describe('driver errors as the faults clients see', () => {
  it('PostgreSQL: shutdown, start-up, connection loss, refused sockets and a pool wait that ran out are 503 service_unavailable with Retry-After', () => {
    const errors = [
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ];
    for (const error of errors) {
      const fault = postgresFault(error);
      expect(fault, error.message).toBeInstanceOf(AppError);
      expect(fault?.code).toBe('service_unavailable');
      expect(fault?.retryAfterSeconds).toBe(1);
      expect(fault?.message).not.toContain(error.message);
    }
    expect(postgresFault(new Error('timeout exceeded when trying to connect'))?.message).toBe('every database connection is busy');
  });

  it('PostgreSQL: its own limits and a cancel (57014 statement_timeout, 55P03 lock_timeout, 25P03 idle in transaction) are 503, not 500', () => {
    for (const code of ['57014', '55P03', '25P03']) {
      const fault = postgresFault(withCode(code));
      expect(fault?.code, code).toBe('service_unavailable');
      expect(fault?.retryAfterSeconds).toBe(1);
    }
  });

  it('PostgreSQL: a full disk (53100) is 507 insufficient_storage; constraint and syntax errors pass through unchanged', () => {
    expect(postgresFault(withCode('53100'))?.code).toBe('insufficient_storage');
    expect(postgresFault(withCode('23505'))).toBeNull();
    expect(postgresFault(withCode('42601'))).toBeNull();
    expect(postgresFault(new AppError('record_not_found', 'no contact'))).toBeNull();
  });

  it('SQLite: SQLITE_FULL is 507 insufficient_storage, a lock wait that ran out 503; other errors pass through', () => {
    expect(sqliteFault(withCode('SQLITE_FULL'))?.code).toBe('insufficient_storage');
    expect(sqliteFault(withCode('SQLITE_BUSY'))?.code).toBe('service_unavailable');
    expect(sqliteFault(withCode('SQLITE_BUSY_SNAPSHOT'))?.code).toBe('service_unavailable');
    expect(sqliteFault(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
  });
});
