import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, expectError, expectUnchanged, patchContact } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// If-Match = "*" / #entity-tag (RFC 9110, section 13.1.1): the write proceeds when any listed tag names the current version.
describeEachDialect('If-Match with a list of entity tags', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('200 when any tag of the list names the current version, in any position, weak or strong', async () => {
    const c = await createContact(t);
    const lists = [
      'W/"1", W/"7"', // version 1: the first tag matches
      'W/"9","2"', // version 2: the last one, strong form, no space
      ' "a,b" , W/"3" , ', // version 3: an opaque tag holding a comma, and an empty list element
      'W/"12",W/"4",W/"13"', // version 4
    ];
    for (const [i, header] of lists.entries()) {
      const res = await patchContact(t, c.id, { title: `T${i}` }, { 'if-match': header });
      expect(res.statusCode, header).toBe(200);
      expect(res.headers.etag).toBe(`W/"${i + 2}"`);
    }
  });

  it('412 precondition_failed, changing nothing, when no tag of the list names the current version or the list is malformed', async () => {
    const c = await createContact(t);
    // Tags compare as text (RFC 9110 weak comparison): "01" is not the ETag W/"1" the server sent.
    for (const header of ['W/"2", W/"3"', '"0","5"', 'W/"1" W/"2"', 'W/"1", *', 'W/"1", garbage', '"unterminated, W/"1"', 'W/"01"', '"001"', 'W/"+1"']) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, { title: 'never' }, { 'if-match': header }));
      expect(expectError(res, 412, 'precondition_failed').details[0], header).toMatchObject({ current_etag: 'W/"1"' });
    }
  });

  it('lists are honoured on DELETE and on the sub-resource writes too', async () => {
    const c = await createContact(t);
    const added = await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/attribute/contact_emails`, headers: { 'if-match': 'W/"0", W/"1"' }, body: { email: `list.${c.id}@example.com` } });
    expect(added.statusCode).toBe(201);
    expect(added.headers.etag).toBe('W/"2"');
    const stale = await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}`, headers: { 'if-match': 'W/"0", W/"1"' } });
    expectError(stale, 412, 'precondition_failed');
    const archived = await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}`, headers: { 'if-match': 'W/"1", W/"2"' } });
    expect(archived.statusCode).toBe(204);
  });
});
