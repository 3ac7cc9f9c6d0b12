import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, expectPrimaryInvariant, getContact, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Each write runs read-modify-write under the contact's lock (SQLite: the one connection's IMMEDIATE
// transaction; PostgreSQL: SELECT ... FOR UPDATE), so concurrent writes to one contact never lose each other.
describeEachDialect('concurrent writes to one contact', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('200 for 20 concurrent writes of different attributes: every change persists and the version is 21', async () => {
    const team = await t.tenancy.createTeam(t.org.organizationId, 'Concurrency Team');
    const user = await t.tenancy.createUser(t.org.organizationId, uniqueEmail('participant'), 'Participant');
    for (let round = 0; round < 3; round += 1) {
      const firstEmail = uniqueEmail('first');
      const c = await createContact(t, { contact_emails: [firstEmail] });
      const firstId = c.attributes.contact_emails[0]!.value.id as string;
      const [primary, secondary] = [uniqueEmail('primary'), uniqueEmail('secondary')];
      const attributes: Record<string, unknown> = {
        first_name: `First ${round}`,
        last_name: `Last ${round}`,
        middle_name: 'Middle',
        title: 'Title',
        department: 'Department',
        primary_email: primary,
        primary_phone_number: '+14155552671',
        sms_consent: true,
        address: { city: 'Lisbon' },
        linkedin_url: 'https://linkedin.example/in/x',
        zoominfo_url: 'https://zoominfo.example/x',
        x_url: 'https://x.example/x',
        facebook_url: 'https://facebook.example/x',
        owner_user_id: user.id,
        owner_team_id: team.id,
        stage: 'qualified',
        participant_user_id_list: [user.id, t.org.userId],
      };
      const base = `/api/v2/contact/${c.id}/attribute`;
      const writes = [
        ...Object.entries(attributes).map(([name, value]) => () => patchContact(t, c.id, { [name]: value })),
        () => t.request({ method: 'PATCH', url: `${base}/contact_emails/${firstId}`, body: { labels: ['WORK'] } }),
        () => t.request({ method: 'POST', url: `${base}/contact_emails`, body: { email: secondary } }),
        () => t.request({ method: 'POST', url: `${base}/contact_phone_numbers`, body: { phone_number: '+14155552672', labels: ['MOBILE'] } }),
      ];
      expect(writes).toHaveLength(20);
      const results = await Promise.all(writes.map((w) => w()));
      for (const res of results) expect(res.statusCode, res.body).toBeLessThan(300);

      const { data, etag } = await getContact(t, c.id);
      expect(etag).toBe('W/"21"');
      const a = data.attributes;
      for (const name of ['first_name', 'last_name', 'middle_name', 'title', 'department', 'sms_consent', 'linkedin_url', 'zoominfo_url', 'x_url', 'facebook_url'] as const) {
        expect(a[name].value, name).toBe(attributes[name]);
      }
      expect(a.address.value).toMatchObject({ city: 'Lisbon' });
      expect(a.owner_user_id.value).toEqual({ related_record_id: user.id, related_record_type: 'user' });
      expect(a.owner_team_id.value).toEqual({ related_record_id: team.id, related_record_type: 'team' });
      expect(a.stage.value).toMatchObject({ api_name: 'qualified' });
      expect(a.participant_user_id_list.map((p) => p.value.related_record_id)).toEqual([user.id, t.org.userId]);
      expect(a.primary_email.value).toBe(primary);
      expect(a.contact_emails.map((e) => e.value.email).sort()).toEqual([firstEmail, primary, secondary].sort());
      expect(a.contact_emails.find((e) => e.value.id === firstId)!.value.labels).toEqual(['WORK']);
      expect(a.primary_phone_number.value).toBe('+14155552671');
      expect(a.contact_phone_numbers.map((p) => p.value.phone_number).sort()).toEqual(['+14155552671', '+14155552672']);
      expect(a.display_name.value).toBe(`First ${round} Last ${round}`);
      expectPrimaryInvariant(data);
    }
  });

  it('201 for exactly one of 8 concurrent creates claiming one email; the others 409 naming the winner', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: `Racer ${i}`, primary_email: email } } })));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const winner = created[0]!.json().data.id as string;
    for (const res of results.filter((r) => r.statusCode !== 201)) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.details[0]).toMatchObject({ code: 'duplicate_value', existing_contact_id: winner });
    }
  });
});
