// A process whose only work is a database: opens it, reads, closes it, says "closed", and should then exit 0
// (awaiting close() must keep the process alive until every helper thread of the connection has ended).
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.ts';

const database = openDatabase(process.argv[2] as string);
await sql`select 1`.execute(database.db);
// Long enough for SQLite's checkpoint thread to have opened its connection.
await new Promise((resolve) => setTimeout(resolve, 300));
await database.close();
process.stdout.write('closed\n');
