import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, getContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// An unpaired UTF-16 surrogate is valid JSON ("\ud800") but no valid text: libraries that re-encode a string
// (validator's email check runs encodeURI) throw on it. Every place a client string reaches must refuse it cleanly.
const LONE = '\ud800';
const SHAPES: readonly unknown[] = [LONE, `a${LONE}@example.com`, `+1415555${LONE}0100`, [LONE], [`x${LONE}@example.com`], [{ email: LONE }], [{ phone_number: LONE }], { value: LONE, value_type: 'string' }, { related_record_match: { email: LONE } }, { related_record_match: { name: LONE } }, { city: LONE }];

describeEachDialect('lone surrogates anywhere in a write, a sub-resource or a filter', (dialect) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    id = (await createContact(t, { primary_email: uniqueEmail('surrogate'), primary_phone_number: '+14155550100' })).id;
  });
  afterAll(async () => t.close());

  const writable = CONTACT_CATALOG.filter((a) => a.isUpdatable);

  it('4xx (never 5xx) and nothing stored for a lone surrogate in every writable attribute, on create and patch', async () => {
    const before = await getContact(t, id);
    for (const def of writable) {
      for (const value of SHAPES) {
        const what = `${def.apiName} = ${JSON.stringify(value)}`;
        const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { [def.apiName]: value } } });
        expect(patched.statusCode, `${what}: ${patched.body}`).toBeGreaterThanOrEqual(400);
        expect(patched.statusCode, `${what}: ${patched.body}`).toBeLessThan(500);
        const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'S', [def.apiName]: value } } });
        expect(created.statusCode, `create ${what}: ${created.body}`).toBeGreaterThanOrEqual(400);
        expect(created.statusCode, `create ${what}: ${created.body}`).toBeLessThan(500);
      }
    }
    expect((await getContact(t, id)).data).toEqual(before.data);
  });

  it('422 for a lone surrogate in an email or phone number added, changed or matched through its own route', async () => {
    const record = await getContact(t, id);
    const emailId = (record.data.attributes.contact_emails[0]!.value as { id: string }).id;
    const phoneId = (record.data.attributes.contact_phone_numbers[0]!.value as { id: string }).id;
    const requests = [
      { method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_emails`, body: { email: `a${LONE}@example.com` } },
      { method: 'PATCH', url: `/api/v2/contact/${id}/attribute/contact_emails/${emailId}`, body: { email: `a${LONE}@example.com` } },
      { method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_phone_numbers`, body: { phone_number: `+1415${LONE}5550101` } },
      { method: 'PATCH', url: `/api/v2/contact/${id}/attribute/contact_phone_numbers/${phoneId}`, body: { phone_number: `+1415${LONE}5550101` } },
      { method: 'POST', url: '/api/v2/contact/_assert', body: { match: { primary_email: `a${LONE}@example.com` }, attributes: { first_name: 'S' } } },
    ] as const;
    for (const r of requests) {
      const res = await t.request(r);
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(422);
      expect(res.json().error.code, r.url).toBe('validation_failed');
    }
    expect((await getContact(t, id)).data).toEqual(record.data);
  });

  it('422 invalid_filter_value for a lone surrogate as the value of every filterable attribute and operator', async () => {
    for (const def of CONTACT_CATALOG.filter((a) => a.isFilterable)) {
      for (const operator of def.filterOperators.filter((o) => o !== 'exists' && o !== 'not_exists')) {
        const value = operator === 'in' || operator === 'not_in' ? [LONE] : operator === 'between' ? [LONE, LONE] : LONE;
        const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: def.apiName, operator, value }] } });
        expect(res.statusCode, `${def.apiName} ${operator}: ${res.body}`).toBe(422);
        expect(new Set(res.json().error.details.map((d: { code: string }) => d.code)), `${def.apiName} ${operator}`).toEqual(new Set(['invalid_filter_value']));
      }
    }
  });

  it('422 whose messages hold no lone surrogate when they quote the start of a long value of emoji (a quote cut inside a surrogate pair)', async () => {
    const emoji = '😀'.repeat(40);
    const requests = [
      { method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'S', sms_consent: emoji } } },
      { method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { sms_consent: `x${emoji}` } } },
      { method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'sms_consent', operator: 'eq', value: emoji }] } },
    ] as const;
    for (const r of requests) {
      const res = await t.request(r);
      expect(res.statusCode, res.body).toBe(422);
      const { error } = res.json() as { error: { message: string; details: Array<{ message: string }> } };
      for (const message of [error.message, ...error.details.map((d) => d.message)]) {
        expect(message.isWellFormed(), `${r.method} ${r.url}: ${JSON.stringify(message)}`).toBe(true);
        expect(message).toContain('😀');
      }
    }
  });

  it('422 whose every string is well formed when a member name or an id the error quotes holds a lone surrogate (U+FFFD in its place)', async () => {
    const requests = [
      { method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'S', [`x${LONE}`]: 1 } } },
      { method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { [LONE]: 1 } } },
      { method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: `f${LONE}`, operator: 'eq', value: 1 }] } },
      { method: 'POST', url: '/api/v2/contact/_batch', body: { operations: [{ op: 'create', attributes: { [LONE]: 1 } }] } },
    ] as const;
    for (const r of requests) {
      const res = await t.request(r);
      expect(res.statusCode, res.body).toBeLessThan(500);
      // JSON.parse turns a \ud800 escape back into a lone surrogate: every string and key parsed must be well formed
      // (strict JSON readers such as serde_json refuse the escape).
      const strings: string[] = [];
      const walk = (v: unknown): void => {
        if (typeof v === 'string') strings.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v !== null && typeof v === 'object') {
          for (const [k, x] of Object.entries(v)) {
            strings.push(k);
            walk(x);
          }
        }
      };
      walk(res.json());
      expect(strings.filter((x) => !x.isWellFormed()), `${r.method} ${r.url}`).toEqual([]);
      expect(res.body, `${r.method} ${r.url}`).toContain('\ufffd');
    }
  });
});
