import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contacts, type Actor } from '../../src/domain/contacts.ts';
import { AppError } from '../../src/domain/errors.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import type { Database } from '../../src/storage/database.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type Dialect, type TestDatabase } from '../helpers/databases.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Runs SQL on the test database from another process and waits for it: another client's write landing
 * at an exact moment of ours, with no timing involved.
 */
function runElsewhere(dialect: Dialect, url: string, statements: string): void {
  const script = dialect === 'sqlite'
    ? `const D = require('better-sqlite3'); const db = new D(process.argv[1].replace(/^sqlite:/, '')); db.pragma('busy_timeout = 5000'); db.exec(process.argv[2]); db.close();`
    : `const { Client } = require('pg'); const u = new URL(process.argv[1]); const schema = u.searchParams.get('schema'); u.searchParams.delete('schema');
       const c = new Client({ connectionString: u.toString(), options: '-c search_path=' + schema });
       c.connect().then(() => c.query(process.argv[2])).then(() => c.end()).catch((e) => { console.error(e); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, url, statements], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`SQL in another process failed: ${result.stderr}`);
}

describeEachDialect('duplicate_value when the holder lets go of the email during the failing write', (dialect) => {
  const file = join(tmpdir(), `contactd-dup-race-${randomUUID()}.sqlite`);
  let t: TestDatabase;
  let actor: Actor;
  beforeAll(async () => {
    t = await openTestDatabase(dialect, { sqliteFile: file });
    const tenancy = new Tenancy(new SqlTenancyStore(t.database));
    const org = await tenancy.createOrganization('Race');
    const user = await tenancy.createUser(org.id, 'owner@example.com', null);
    actor = { organizationId: org.id, userId: user.id };
  });
  afterAll(async () => {
    await t.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('409 duplicate_value still names the contact that held the email when it was archived between the unique violation and the look-up', async () => {
    const plain = new Contacts(new SqlContactStore(t.database), { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret' });
    const holder = await plain.create(actor, { attributes: { first_name: 'Holder', primary_email: 'taken@example.com' } });

    // The store sees the unique violation; before it looks the holder up, another client archives the holder.
    let archived = false;
    const racing: Database = {
      ...t.database,
      profile: {
        ...t.database.profile,
        isUniqueViolation: (error: unknown) => {
          const unique = t.database.profile.isUniqueViolation(error);
          if (unique && !archived) {
            archived = true;
            runElsewhere(dialect, t.url, `update contact_emails set live = 0 where contact_id = '${holder.id}';
              update contacts set archived_at = '2030-01-01T00:00:00.000Z', updated_at = '2030-01-01T00:00:00.000Z', version = version + 1 where id = '${holder.id}';`);
          }
          return unique;
        },
      },
    };
    const contacts = new Contacts(new SqlContactStore(racing), { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret' });

    const failure = await contacts.create(actor, { attributes: { first_name: 'Late', primary_email: 'taken@example.com' } }).then(() => null, (error: unknown) => error);
    expect(archived, 'the race was staged').toBe(true);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('duplicate_value');
    expect((failure as AppError).details).toEqual([expect.objectContaining({ code: 'duplicate_value', existing_contact_id: holder.id, value: 'taken@example.com' })]);
  });
});
