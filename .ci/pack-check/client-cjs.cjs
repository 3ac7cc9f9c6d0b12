// Pack check: the installed @contactd/client from plain Node CommonJS (`require`) against a running server.
// Usage: node client-cjs.cjs <origin> <api-key>
const { ContactdError, createContactdClient } = require('@contactd/client');

const [origin, apiKey] = process.argv.slice(2);
const client = createContactdClient({ baseUrl: origin, apiKey });
const expect = (what, actual, wanted) => {
  if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`${what}: got ${JSON.stringify(actual)}, wanted ${JSON.stringify(wanted)}`);
};

async function main() {
  const email = `cjs-${Date.now()}@example.com`;
  const created = await client.createContact({ first_name: 'Cjs', last_name: 'Require', primary_email: email });
  const read = await client.getContact(created.contact.id);
  expect('display_name read back', read.contact.attributes.display_name.value, 'Cjs Require');
  const found = [];
  for await (const contact of client.queryAll({ filters: [{ field: 'primary_email', operator: 'eq', value: email }] })) found.push(contact.id);
  expect('ids found by queryAll', found, [created.contact.id]);
  const missing = await client.getContact('00000000-0000-4000-8000-000000000000').catch((error) => error);
  expect('unknown id is a ContactdError', [missing instanceof ContactdError, missing.status], [true, 404]);
  console.log(`cjs ok: ${created.contact.id} ${read.contact.attributes.display_name.value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
