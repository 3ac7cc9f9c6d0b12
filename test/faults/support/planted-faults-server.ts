// `contactd` with two faults planted in the contact read, for the crash supervision tests only. Run with
// `node --import tsx`; `serve --workers N` forks this same script, so every worker carries the faults.
import { runCli } from '../../../src/cli/index.ts';
import { Contacts } from '../../../src/domain/contacts.ts';

/** Reading this contact id leaves a rejected promise nobody awaits. */
export const REJECT_ID = '00000000-0000-4000-8000-00000000dead';
/** Reading this contact id throws from a timer: an uncaught exception. */
export const THROW_ID = '00000000-0000-4000-8000-00000000beef';

const get = Contacts.prototype.get;
Contacts.prototype.get = function plantedGet(this: Contacts, ...args: Parameters<Contacts['get']>) {
  const id = args[1];
  if (id === REJECT_ID) {
    const forgotten = Promise.reject(new Error('planted: a rejection nobody handles'));
    void forgotten;
  }
  if (id === THROW_ID) {
    setTimeout(() => {
      throw new Error('planted: an exception nobody catches');
    }, 0);
  }
  return get.apply(this, args);
};

await runCli(process.argv);
