// A second process on the same database: opens it, says "ready", migrates when a line arrives on stdin.
import { migrate, openDatabase } from '../../src/storage/database.ts';

const database = openDatabase(process.argv[2] as string);
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  migrate(database).then(
    async (applied) => {
      process.stdout.write(`${JSON.stringify(applied)}\n`);
      await database.close();
    },
    async (error: unknown) => {
      process.stdout.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
      await database.close();
      process.exitCode = 1;
    },
  );
});
