// A process whose only work is a database: opens it, writes, closes it, says "closed", and should then exit 0
// (awaiting close() must keep the process alive until every helper thread of the connection has ended).
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.ts';

const database = openDatabase(process.argv[2] as string);
// More than a mebibyte of WAL: SQLite's checkpoint thread starts within 100 ms (CHECKPOINTER_START_WAL_BYTES).
await database.profile.writeTransaction((trx) => sql`create table if not exists t (x)`.execute(trx));
await database.profile.writeTransaction((trx) => sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 500) insert into t (x) select randomblob(3500) from n`.execute(trx));
// Long enough for the thread to have opened its connection.
await new Promise((resolve) => setTimeout(resolve, 400));
await database.close();
process.stdout.write('closed\n');
