// Pack check: the installed @contactd/client from plain Node ESM (`import`) against a running server.
// Usage: node client-esm.mjs <origin> <api-key>
import { ContactdError, createContactdClient } from '@contactd/client';

const [origin, apiKey] = process.argv.slice(2);
const client = createContactdClient({ baseUrl: origin, apiKey });
const expect = (what, actual, wanted) => {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`);
};

const email = `esm-${Date.now()}@example.com`;
const created = await client.createContact({ first_name: 'Esm', last_name: 'Import', primary_email: email });
expect('etag after create', created.etag, 'W/"1"');
const patched = await client.patchContact(created.contact.id, { title: 'Tester' }, { ifMatch: created.etag });
expect('title after PATCH', patched.contact.attributes.title.value, 'Tester');
const page = await client.queryContacts({ filters: [{ field: 'primary_email', operator: 'eq', value: email }] });
expect('ids found by _query', page.data.map((c) => c.id), [created.contact.id]);
const stale = await client.patchContact(created.contact.id, { title: 'x' }, { ifMatch: 'W/"99"' }).catch((error) => error);
expect('stale If-Match is a ContactdError', [stale instanceof ContactdError, stale.status, stale.code], [true, 412, 'precondition_failed']);
console.log(`esm ok: ${created.contact.id} ${patched.contact.attributes.display_name.value}`);
