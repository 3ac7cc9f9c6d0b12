import { sql } from 'kysely';
import { migrate, openDatabase } from '../src/storage/database.ts';
import { Tenancy } from '../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../src/storage/sql-tenancy-store.ts';
import { benchContact } from './seed.ts';
import { toContactRow, toEmailRows, toItemRows } from '../src/storage/contact-row.ts';
import { multiRowInserts } from '../src/storage/bulk-insert.ts';
import { rmSync } from 'node:fs';
const N = 20000;
for (const fts of [true, false]) {
  rmSync('/tmp/isp/probe.sqlite', { force: true }); rmSync('/tmp/isp/probe.sqlite-wal', { force: true });
  const d = openDatabase('sqlite:/tmp/isp/probe.sqlite'); await migrate(d);
  const c = await new Tenancy(new SqlTenancyStore(d)).bootstrap(null);
  if (!fts) for (const t of ['contacts_search_insert', 'contacts_search_delete', 'contacts_search_update']) await sql.raw(`drop trigger ${t}`).execute(d.db);
  let t0 = performance.now();
  const contacts = Array.from({ length: N }, (_, i) => benchContact(i, c!.organization.id, c!.user.id, null, Date.now()));
  const build = performance.now() - t0;
  t0 = performance.now();
  const rows = contacts.map(toContactRow); const em = contacts.flatMap(toEmailRows); const ph = contacts.flatMap((x) => toItemRows(x, x.contact_phone_numbers).map(({ value, ...r }) => ({ ...r, phone_number: value })));
  const map = performance.now() - t0;
  const time: Record<string, number> = {};
  for (let s = 0; s < N; s += 1000) {
    await d.profile.writeTransaction(async (trx) => {
      for (const [name, list] of [['contacts', rows], ['contact_emails', em], ['contact_phone_numbers', ph]] as const) {
        const t1 = performance.now();
        for (const st of multiRowInserts('sqlite', name, list.slice(s, s + 1000))) await trx.executeQuery(st);
        time[name] = (time[name] ?? 0) + performance.now() - t1;
      }
    });
  }
  console.log({ fts, build_us: (build * 1000) / N, map_us: (map * 1000) / N, ...Object.fromEntries(Object.entries(time).map(([k, v]) => [k, (v * 1000) / N])) });
  await d.close();
}
