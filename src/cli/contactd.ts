// The process entry of the `contactd` command: bin/contactd.js runs its build (dist/cli/contactd.js);
// `npm run dev` and the tests run this file from source through tsx.
import { runCli } from './index.ts';

await runCli(process.argv);
