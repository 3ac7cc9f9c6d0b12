import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startImportRunner, type ImportRunner } from '../../src/jobs/import-runner.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

interface Job { id: string; status: string; format: string; counts: { rows: number; created: number; updated: number; failed: number }; dry_run: boolean; match: string | null; error: { code: string; message: string } | null; started_at: string | null; finished_at: string | null }

describeEachDialect('POST /api/v2/contact/_import (import jobs)', (dialect) => {
  let t: TestApp;
  let runner: ImportRunner;

  beforeAll(async () => {
    // Small batches, so a file spans several of them (checkpoints between batches are exercised).
    t = await createTestApp(dialect, { importMaxBytes: 64 * 1024 });
    runner = startImportRunner({ store: t.app.importWork.store, contacts: t.app.importWork.contacts, batchRows: 3, claimMs: 30_000, pollIntervalMs: 20 });
    t.app.importWork.onJobCreated(() => runner.poke());
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
  });
  afterEach(async () => runner.idle());

  const upload = (body: string | Buffer, { type = 'text/csv', query = '', key, headers = {} }: { type?: string; query?: string; key?: string; headers?: Record<string, string> } = {}) =>
    t.request({ method: 'POST', url: `/api/v2/contact/_import${query}`, headers: { 'content-type': type, ...headers }, payload: body, ...(key === undefined ? {} : { key }) });
  const jobOf = async (id: string, key?: string): Promise<Job> => {
    const res = await t.request({ method: 'GET', url: `/api/v2/import/${id}`, ...(key === undefined ? {} : { key }) });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { data: Job }).data;
  };
  const finished = async (id: string, key?: string): Promise<Job> => {
    await expect.poll(async () => (await jobOf(id, key)).status, { timeout: 20_000, interval: 25 }).toMatch(/^(completed|failed)$/);
    return jobOf(id, key);
  };
  const run = async (body: string | Buffer, options: Parameters<typeof upload>[1] = {}): Promise<Job> => {
    const res = await upload(body, options);
    expect(res.statusCode, res.body).toBe(202);
    return finished((res.json() as { data: Job }).data.id, options.key);
  };
  const errorReport = async (id: string, key?: string): Promise<string[][]> => {
    const res = await t.request({ method: 'GET', url: `/api/v2/import/${id}/errors`, ...(key === undefined ? {} : { key }) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    return parse(res.body) as string[][];
  };
  const contactsOf = async (org: TestOrg = t.org): Promise<Array<Record<string, { value: unknown }>>> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 200 }, key: org.key });
    return (res.json() as { data: Array<{ attributes: Record<string, { value: unknown }> }> }).data.map((c) => c.attributes);
  };
  const eventSources = async (org: TestOrg): Promise<string[]> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { limit: 200 }, key: org.key });
    return (res.json() as { data: Array<{ source: string }> }).data.map((e) => e.source);
  };

  it('202 with the queued job and its Location; the job runs to completion: contacts created with created_source CSV_IMPORT, events with source CSV_IMPORT', async () => {
    const org = await t.newOrg();
    const csv = '\ufefffirst_name,Last Name,primary_email\r\nAda,Lovelace,ada@example.com\r\nAlan,Turing,alan@example.com\r\n"Grace ""Amazing""",Hopper,grace@example.com\r\nKatherine,Johnson,kj@example.com\r\n';
    const res = await upload(csv, { key: org.key });
    expect(res.statusCode, res.body).toBe(202);
    const started = (res.json() as { data: Job }).data;
    expect(started).toMatchObject({ status: 'queued', counts: { rows: 0, created: 0, updated: 0, failed: 0 }, dry_run: false, match: null, error: null, started_at: null, finished_at: null });
    expect(res.headers.location).toBe(`/api/v2/import/${started.id}`);
    const job = await finished(started.id, org.key);
    expect(job).toMatchObject({ status: 'completed', counts: { rows: 4, created: 4, updated: 0, failed: 0 }, error: null });
    expect(job.started_at).not.toBeNull();
    expect(job.finished_at).not.toBeNull();
    const contacts = await contactsOf(org);
    expect(contacts.map((c) => c.first_name?.value).sort()).toEqual(['Ada', 'Alan', 'Grace "Amazing"', 'Katherine']);
    expect(new Set(contacts.map((c) => c.created_source?.value))).toEqual(new Set(['CSV_IMPORT']));
    const sources = await eventSources(org);
    expect(sources).toHaveLength(4);
    expect(new Set(sources)).toEqual(new Set(['CSV_IMPORT']));
  });

  it('a gzip-compressed upload (Content-Encoding: gzip) is decompressed as it arrives; IMPORT_MAX_BYTES holds for what it expands to', async () => {
    const org = await t.newOrg();
    const csv = 'first_name,primary_email\r\nZo\u00e9,zoe@zipped.example\r\n\u00d8rsted,orsted@zipped.example\r\n';
    const job = await run(gzipSync(Buffer.from(csv)), { key: org.key, headers: { 'content-encoding': 'gzip' } });
    expect(job).toMatchObject({ status: 'completed', counts: { rows: 2, created: 2, failed: 0 } });
    expect((await contactsOf(org)).map((c) => c.first_name?.value).sort()).toEqual(['Zo\u00e9', '\u00d8rsted']);
    // 64 KiB is this app's IMPORT_MAX_BYTES: a file that compresses far below it but expands past it is 413.
    const large = `first_name,primary_email\r\n${'Same,same@zipped.example\r\n'.repeat(4000)}`;
    const compressed = gzipSync(Buffer.from(large));
    expect(compressed.length).toBeLessThan(64 * 1024);
    const res = await upload(compressed, { key: org.key, headers: { 'content-encoding': 'gzip' } });
    expect(res.statusCode, res.body).toBe(413);
  });

  it('the error report lists each failed row with the input line it starts on; the other rows are written', async () => {
    const org = await t.newOrg();
    const csv = Buffer.concat([
      Buffer.from('first_name,primary_email,sms_consent\n'),
      Buffer.from('Ok1,ok1@example.com,yes\n'), // line 2
      Buffer.from('Bad,not-an-email,no\n'), // line 3
      Buffer.from('"Multi\nLine",multi@example.com,1\n'), // lines 4-5
      Buffer.from('Ragged,ragged@example.com\n'), // line 6
      Buffer.from('Enc'), Buffer.from([0xff, 0xfe]), Buffer.from(',enc@example.com,0\n'), // line 7: not UTF-8
      Buffer.from('Dup,ok1@example.com,\n'), // line 8: an email line 2 created
      Buffer.from('Ok2,ok2@example.com,maybe\n'), // line 9: not a boolean
      Buffer.from('Ok3,ok3@example.com,false\n'), // line 10
    ]);
    const job = await run(csv, { key: org.key });
    expect(job).toMatchObject({ status: 'completed', counts: { rows: 8, created: 3, updated: 0, failed: 5 } });
    const report = await errorReport(job.id, org.key);
    expect(report[0]).toEqual(['line', 'column', 'code', 'message', 'raw']);
    const rows = report.slice(1);
    expect(rows.map((r) => Number(r[0]))).toEqual([3, 6, 7, 8, 9]);
    expect(rows[0]).toEqual(['3', 'primary_email', 'field_value_invalid', expect.any(String), 'Bad,not-an-email,no']);
    expect(rows[1]?.[4]).toBe('Ragged,ragged@example.com');
    expect(rows[2]?.[1]).toBe('first_name');
    expect(rows[3]?.[2]).toBe('duplicate_value');
    expect(rows[4]?.[1]).toBe('sms_consent');
    const names = (await contactsOf(org)).map((c) => c.first_name?.value).sort();
    expect(names).toEqual(['Multi\nLine', 'Ok1', 'Ok3']);
  });

  it('blank lines count as lines: a row after them is reported with its own line and its own raw text (LF and CRLF)', async () => {
    const org = await t.newOrg();
    for (const [i, eol] of ['\n', '\r\n'].entries()) {
      const csv = ['first_name,primary_email', '', `Ok,blank-ok${i}@example.com`, '', '', 'Bad,not-an-email', '"Multi', 'Line",also-bad', '', 'Ragged'].join(eol) + eol;
      const job = await run(csv, { key: org.key });
      expect(job.counts).toMatchObject({ rows: 4, failed: 3 });
      const report = (await errorReport(job.id, org.key)).slice(1);
      expect(report.map((r) => [r[0], r[4]])).toEqual([['6', 'Bad,not-an-email'], ['7', `"Multi${eol}Line",also-bad`], ['10', 'Ragged']]);
    }
  });

  it('a file whose lines end differently (a CRLF header and LF rows, or the other way round) is read row by row, no CR left in a cell', async () => {
    for (const [i, [headerEnd, rowEnd]] of [['\r\n', '\n'], ['\n', '\r\n']].entries()) {
      const org = await t.newOrg();
      const csv = `first_name,primary_email${headerEnd}Ada,mixed-a${i}@example.com${rowEnd}Alan,mixed-b${i}@example.com${rowEnd}Bad,not-an-email${rowEnd}`;
      const job = await run(csv, { key: org.key });
      expect(job, JSON.stringify([headerEnd, rowEnd])).toMatchObject({ status: 'completed', counts: { rows: 3, created: 2, failed: 1 } });
      expect((await contactsOf(org)).map((c) => c.primary_email?.value).sort()).toEqual([`mixed-a${i}@example.com`, `mixed-b${i}@example.com`]);
      expect((await errorReport(job.id, org.key)).slice(1).map((r) => [r[0], r[4]])).toEqual([['4', 'Bad,not-an-email']]);
    }
  });

  it('a stray quote inside an unquoted cell is part of the value, as spreadsheets read it: the job completes (never an internal_error after retries)', async () => {
    const org = await t.newOrg();
    const csv = 'first_name,last_name,primary_email\nAda,Lovelace,stray1@example.com\nMiles,O"Brien,stray2@example.com\n"Quoted"Tail,Jones,stray3@example.com\nGrace,Hopper,stray4@example.com\n';
    const job = await run(csv, { key: org.key });
    expect(job).toMatchObject({ status: 'completed', error: null, counts: { rows: 4, created: 4, failed: 0 } });
    const names = (await contactsOf(org)).map((c) => [c.first_name?.value, c.last_name?.value]);
    expect(names).toEqual([['Ada', 'Lovelace'], ['Miles', 'O"Brien'], ['"Quoted"Tail', 'Jones'], ['Grace', 'Hopper']]);
  });

  it('an NDJSON line with a NUL (a raw one, or a member name holding an escaped one) is a row error shown with U+FFFD: the job completes on both databases (never an internal_error after retries)', async () => {
    const org = await t.newOrg();
    const lines = ['{"first_name":"Ada"}', '{"first\\u0000name":"Nul"}', '{"first_name":"Raw\u0000"}', '{"first_name":"Grace","Sho\\u0000e":"44"}', '{"first_name":"Alan"}'];
    const job = await run(`${lines.join('\n')}\n`, { type: 'application/x-ndjson', key: org.key });
    expect(job).toMatchObject({ status: 'completed', error: null, counts: { rows: 5, created: 2, failed: 3 } });
    const report = (await errorReport(job.id, org.key)).slice(1);
    expect(report.map((r) => [r[0], r[1], r[2]])).toEqual([['2', 'first\uFFFDname', 'unknown_field'], ['3', '', 'malformed_json'], ['4', 'Sho\uFFFDe', 'unknown_field']]);
    expect(report[1]![4]).toBe('{"first_name":"Raw\uFFFD"}');
    expect(report.map((r) => r.join()).join()).not.toContain('\u0000');
    expect((await contactsOf(org)).map((c) => c.first_name?.value)).toEqual(['Ada', 'Alan']);
  });

  it('the error report quotes a cell holding a lone CR or LF, as the CSV export does (csvCell), so no reader splits a record there', async () => {
    const org = await t.newOrg();
    // One column, LF records: line 2's unquoted cell holds a lone CR (a character of the cell, not a record
    // end), so its raw row has no comma or quote that would get it quoted anyway; line 4 a quoted LF.
    const job = await run('primary_email\nbad\rcr\nok@example.com\n"bad\nlf"\n', { key: org.key });
    expect(job.counts).toMatchObject({ rows: 3, created: 1, failed: 2 });
    const res = await t.request({ method: 'GET', url: `/api/v2/import/${job.id}/errors`, key: org.key });
    expect((parse(res.body) as string[][]).slice(1).map((r) => r[4])).toEqual(['bad\rcr', '"bad\nlf"']);
    expect(res.body).toContain(',"bad\rcr"\r\n');
    // Outside quotes the body has no line break but the CRLF ending each of its three records.
    const unquoted = res.body.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted.match(/[\r\n]/g)?.join('')).toBe('\r\n'.repeat(3));
  });

  it('dry_run=true checks every row and writes nothing: no contact, no event; the counts say what would happen', async () => {
    const org = await t.newOrg();
    // Batches of 3 rows: line 6 repeats line 2's email from the batch before, which a dry run remembers.
    const file = 'first_name,primary_email\nA,a@example.com\nB,b@example.com\nC,bad\nD,d@example.com\nE,a@example.com\n';
    const job = await run(file, { key: org.key, query: '?dry_run=true' });
    expect(job).toMatchObject({ status: 'completed', dry_run: true, counts: { rows: 5, created: 3, updated: 0, failed: 2 } });
    expect(await contactsOf(org)).toHaveLength(0);
    expect(await eventSources(org)).toHaveLength(0);
    const report = await errorReport(job.id, org.key);
    expect(report.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['4', 'primary_email', 'field_value_invalid'], ['6', 'primary_email', 'duplicate_value']]);
    // The real import of the same file counts the same.
    const real = await t.newOrg();
    expect((await run(file, { key: real.key })).counts).toEqual(job.counts);
  });

  it('a dry run with match=primary_email answers rows naming a contact an earlier batch created by its real primary email, as the import does', async () => {
    const org = await t.newOrg();
    // Line 2 creates a contact whose primary is a@ and whose other email, added first, is a2@. Batches of 3 rows:
    // lines 5 and 6 meet it in the next batch (a dry run's stand-in), line 5 by its primary (an update), line 6
    // by its other email, which match=primary_email does not match (duplicate_value).
    const file = 'first_name,primary_email,contact_emails\nA,a@example.com,a2@example.com\nB,b@example.com,\nC,c@example.com,\nA again,a@example.com,\nOther,a2@example.com,\n';
    const real = await t.newOrg();
    const done = await run(file, { key: real.key, query: '?match=primary_email' });
    expect(done.counts).toEqual({ rows: 5, created: 3, updated: 1, failed: 1 });
    const dry = await run(file, { key: org.key, query: '?match=primary_email&dry_run=true' });
    expect(dry.counts).toEqual(done.counts);
    const lines = async (id: string, key: string) => (await errorReport(id, key)).slice(1).map((r) => [r[0], r[1], r[2]]);
    expect(await lines(dry.id, org.key)).toEqual(await lines(done.id, real.key));
    expect(await lines(done.id, real.key)).toEqual([['6', 'primary_email', 'duplicate_value']]);
  });

  it('a dry run forgets a unique value or email a match row of a later batch took off a contact an earlier batch created, as the import frees it', async () => {
    const org = await t.newOrg();
    const key = (await t.newKey(org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    const define = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', key, body: { api_name: 'crm_id', display_name: 'CRM id', value_type: 'string', is_unique: true } });
    expect(define.statusCode, define.body).toBe(201);
    // Batches of 3 rows: line 5 moves the contact of line 2 from crm_id C-7 to C-8 and replaces its emails,
    // so line 8 (a batch later) takes C-7 and a3@ again: created, not duplicate_value.
    const file = 'first_name,primary_email,contact_emails,crm_id\nA,a@example.com,a3@example.com,C-7\nB,b@example.com,,\nC,c@example.com,,\nA2,a@example.com,a@example.com,C-8\nF,f@example.com,,\nG,g@example.com,,\nE,e@example.com,a3@example.com,C-7\n';
    const realOrg = await t.newOrg();
    const real = { key: (await t.newKey(realOrg, ['contacts:read', 'contacts:write', 'schema:write'])).key };
    const defineReal = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', key: real.key, body: { api_name: 'crm_id', display_name: 'CRM id', value_type: 'string', is_unique: true } });
    expect(defineReal.statusCode, defineReal.body).toBe(201);
    const done = await run(file, { key: real.key, query: '?match=primary_email' });
    expect(done.counts).toEqual({ rows: 7, created: 6, updated: 1, failed: 0 });
    const dry = await run(file, { key, query: '?match=primary_email&dry_run=true' });
    expect(dry.counts).toEqual(done.counts);
    expect((await errorReport(dry.id, key)).slice(1)).toEqual([]);
  });

  it('map names a column whose name holds a comma when its pair is quoted, as in a CSV record', async () => {
    const org = await t.newOrg();
    const csv = '"Last, First",E-mail,"Title ""quoted"""\nLovelace,ada@example.com,Countess\n';
    const map = '"Last, First=last_name", E-mail=primary_email,"Title ""quoted""=title"';
    const job = await run(csv, { key: org.key, query: `?map=${encodeURIComponent(map)}` });
    expect(job.counts).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    const [ada] = await contactsOf(org);
    expect([ada?.last_name?.value, ada?.primary_email?.value, ada?.title?.value]).toEqual(['Lovelace', 'ada@example.com', 'Countess']);
    // An unterminated quote is refused before anything is read.
    const bad = await upload(csv, { key: org.key, query: `?map=${encodeURIComponent('"Last, First=last_name')}` });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'validation_failed']);
  });

  it('match=primary_email upserts; map renames columns; NDJSON rows are read as records or flat objects', async () => {
    const org = await t.newOrg();
    const first = await run('Given,E-mail\nAda,ada@example.com\n', { key: org.key, query: `?map=${encodeURIComponent('Given=first_name,E-mail=primary_email')}` });
    expect(first.counts).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    const ndjson = [
      JSON.stringify({ primary_email: 'ADA@example.com', title: 'Countess' }),
      '',
      JSON.stringify({ attributes: { primary_email: { value: 'new@example.com', value_type: 'email' }, first_name: { value: 'New', value_type: 'string' } } }),
      '{not json',
      JSON.stringify({ first_name: 'No email' }),
      JSON.stringify({ primary_email: 'x@example.com', shoe_size: 44 }),
    ].join('\n');
    const second = await run(ndjson, { key: org.key, type: 'application/x-ndjson', query: '?match=primary_email' });
    expect(second).toMatchObject({ status: 'completed', match: 'primary_email', counts: { rows: 5, created: 1, updated: 1, failed: 3 } });
    const rows = (await errorReport(second.id, org.key)).slice(1);
    expect(rows.map((r) => [r[0], r[2]])).toEqual([['4', 'malformed_json'], ['5', 'field_required_missing'], ['6', 'unknown_field']]);
    const ada = (await contactsOf(org)).find((c) => c.primary_email?.value === 'ada@example.com');
    expect(ada?.title?.value).toBe('Countess');
  });

  it('an NDJSON envelope whose value_type is not the attribute\'s is a bad row (field_value_invalid, as POST answers), not its value written under the wrong type', async () => {
    const org = await t.newOrg();
    const ndjson = [
      JSON.stringify({ attributes: { first_name: { value: 'Typed', value_type: 'number' }, primary_email: { value: 'typed@example.com', value_type: 'email' } } }),
      JSON.stringify({ attributes: { first_name: { value: 'Items', value_type: 'string' }, contact_emails: [{ value: { email: 'items@example.com', is_primary: true, labels: [] }, value_type: 'email' }] } }),
      JSON.stringify({ first_name: { value: 'Extra', value_type: 'string', note: 'x' } }),
      JSON.stringify({ attributes: { first_name: { value: 'Fine', value_type: 'string' }, stage: { value: { api_name: 'working' }, value_type: 'contact_stage' } } }),
    ].join('\n');
    const job = await run(ndjson, { key: org.key, type: 'application/x-ndjson' });
    expect(job.counts).toEqual({ rows: 4, created: 1, updated: 0, failed: 3 });
    const rows = (await errorReport(job.id, org.key)).slice(1);
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([['1', 'first_name', 'field_value_invalid'], ['2', 'contact_emails', 'field_value_invalid'], ['3', 'first_name', 'field_value_invalid']]);
    const posted = await t.request({ method: 'POST', url: '/api/v2/contact', key: org.key, body: JSON.parse(ndjson.split('\n')[0] as string) as Record<string, unknown> });
    expect((posted.json() as { error: { details: Array<{ field: string; code: string }> } }).error.details.map((d) => [d.field, d.code])).toEqual([['first_name', 'field_value_invalid']]);
    expect(posted.statusCode).toBe(422);
    expect((await contactsOf(org)).map((c) => c.first_name?.value)).toEqual(['Fine']);
  });

  it('match=<unique custom attribute> upserts by it, as _assert matches by it; a key that is not a unique custom attribute is 422', async () => {
    const org = await t.newOrg();
    const { key } = await t.newKey(org, ['contacts:write', 'schema:write']);
    for (const body of [{ api_name: 'crm_id', display_name: 'CRM Id', value_type: 'string', is_unique: true }, { api_name: 'nickname', display_name: 'Nickname', value_type: 'string' }]) {
      expect((await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body, key })).statusCode).toBe(201);
    }
    const first = await run('crm_id,first_name,title\nC-1,Ada,Countess\nC-2,Alan,\n', { key: org.key, query: '?match=crm_id' });
    expect(first).toMatchObject({ status: 'completed', match: 'crm_id', counts: { rows: 2, created: 2, updated: 0, failed: 0 } });
    const second = await run('CRM Id,title\nC-1,Analyst\n,Nobody\nC-3,\n', { key: org.key, query: '?match=crm_id' });
    // C-1 updates Ada; the row without a crm_id cannot match; C-3 names no contact (no name or email: refused as a create).
    expect(second.counts).toEqual({ rows: 3, created: 0, updated: 1, failed: 2 });
    expect((await errorReport(second.id, org.key)).slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['3', 'crm_id', 'field_required_missing'], ['4', 'first_name', 'field_required_missing']]);
    const contacts = await contactsOf(org);
    expect(contacts.map((c) => [c.crm_id?.value, c.first_name?.value, c.title?.value])).toEqual([['C-1', 'Ada', 'Analyst'], ['C-2', 'Alan', null]]);
    for (const match of ['nickname', 'title', 'nope']) {
      const res = await upload('crm_id,first_name\nC-9,Zed\n', { key: org.key, query: `?match=${match}` });
      expect(res.statusCode, match).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ code: 'field_value_invalid', field: 'match' }] } });
    }
  });

  it('custom attributes: text cells are coerced per type (number, boolean, date, timestamp, currency, multi-select)', async () => {
    const org = await t.newOrg();
    const { key } = await t.newKey(org, ['contacts:write', 'schema:write']);
    const define = async (body: Record<string, unknown>) => expect((await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body, key })).statusCode).toBe(201);
    await define({ api_name: 'seats', display_name: 'Seats', value_type: 'number' });
    await define({ api_name: 'vip', display_name: 'VIP', value_type: 'boolean' });
    await define({ api_name: 'renewal', display_name: 'Renewal Date', value_type: 'date' });
    await define({ api_name: 'last_seen', display_name: 'Last Seen', value_type: 'timestamp' });
    await define({ api_name: 'arr', display_name: 'ARR', value_type: 'currency' });
    await define({ api_name: 'tags', display_name: 'Tags', value_type: 'select', is_array: true, options: [{ api_name: 'a', display_value: 'A' }, { api_name: 'b', display_value: 'B' }] });
    const csv = [
      'primary_email,Seats,VIP,Renewal Date,last_seen,ARR,tags',
      'one@example.com, 12.5 ,Yes,2026-01-31,2026-01-31T10:00:00+02:00,1200.50 usd,a;b',
      'two@example.com,-3,0,2026-02-01,2026-02-01,"{""amount"":""7"",""currency_code"":""EUR""}",b',
      'three@example.com,twelve,perhaps,31/01/2026,,12 dollars,c',
    ].join('\n');
    const job = await run(csv, { key });
    expect(job.counts).toEqual({ rows: 3, created: 2, updated: 0, failed: 1 });
    const byEmail = new Map((await contactsOf(org)).map((c) => [c.primary_email?.value, c]));
    const one = byEmail.get('one@example.com');
    expect(one?.seats?.value).toBe(12.5);
    expect(one?.vip?.value).toBe(true);
    expect(one?.renewal?.value).toBe('2026-01-31');
    expect(one?.last_seen?.value).toBe('2026-01-31T08:00:00.000Z');
    expect(one?.arr?.value).toEqual({ amount: '1200.5', currency_code: 'USD' });
    expect((one?.tags as unknown as Array<{ value: { api_name: string } }>).map((x) => x.value.api_name)).toEqual(['a', 'b']);
    const two = byEmail.get('two@example.com');
    expect(two?.seats?.value).toBe(-3);
    expect(two?.vip?.value).toBe(false);
    expect(two?.arr?.value).toEqual({ amount: '7', currency_code: 'EUR' });
    const columns = (await errorReport(job.id, key)).slice(1).filter((r) => r[0] === '4').map((r) => r[1]).sort();
    expect(columns).toEqual(['arr', 'renewal', 'seats', 'tags', 'vip']);
  });

  it('a column named like an api_name is that attribute, even when another attribute\'s display name is the same text', async () => {
    const org = await t.newOrg();
    const { key } = await t.newKey(org, ['contacts:write', 'schema:write']);
    const define = async (body: Record<string, unknown>) => expect((await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body, key })).statusCode).toBe(201);
    await define({ api_name: 'maiden_name', display_name: 'last_name', value_type: 'string' });
    await define({ api_name: 'team_code', display_name: 'Code', value_type: 'string' });
    await define({ api_name: 'code', display_name: 'Internal', value_type: 'string' });
    const job = await run('primary_email,last_name,code\nshadow@example.com,Lovelace,C-1\n', { key });
    expect(job.counts).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    const [contact] = await contactsOf(org);
    expect(contact?.last_name?.value).toBe('Lovelace');
    expect(contact?.maiden_name?.value).toBeNull();
    expect(contact?.code?.value).toBe('C-1');
    expect(contact?.team_code?.value).toBeNull();
  });

  it('422 before any job: unknown columns (unless ignore_unknown_columns=true), an empty body, a bad option, an unknown query parameter', async () => {
    const unknown = await upload('first_name,shoe_size\nA,44\n');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ code: 'unknown_field', field: 'shoe_size' }] } });
    expect((unknown.json() as { error: { message: string } }).error.message).toContain('ignore_unknown_columns=true');
    const ignored = await run('first_name,shoe_size\nIgnored,44\n', { query: '?ignore_unknown_columns=true' });
    expect(ignored.counts).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    for (const body of ['', '\ufeff', '  \n\n']) {
      const empty = await upload(body);
      expect(empty.statusCode, JSON.stringify(body)).toBe(422);
      expect(empty.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await upload('', { type: 'application/x-ndjson' })).statusCode).toBe(422);
    for (const query of ['?match=phone', '?dry_run=perhaps', '?map=nonsense', '?limit=5', '?match=primary_email&match=contact_emails']) {
      const res = await upload('first_name\nA\n', { query });
      expect(res.statusCode, query).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'validation_failed' } });
    }
  });

  it('422 before any job for a map naming no attribute (a typo): refused even with ignore_unknown_columns=true, which would drop the column; an NDJSON line is a row error', async () => {
    const org = await t.newOrg();
    // "Column=" with nothing after it maps the column nowhere: a bad map, not an unknown column.
    for (const query of ['?map=First%3D', '?map=%20%3Dfirst_name']) {
      const res = await upload('First,primary_email\nAda,ada@example.com\n', { key: org.key, query });
      expect(res.statusCode, query).toBe(422);
      expect(res.json(), query).toMatchObject({ error: { code: 'validation_failed', details: [{ code: 'field_value_invalid', field: 'map' }] } });
    }
    // A NUL (which no header cell may hold) is refused as a bad map on both databases: PostgreSQL cannot store it with the job (a 500).
    for (const query of ['?map=Gi%00ven%3Dfirst_name', '?map=Given%3Dfirst_name,%00%3Dlast_name']) {
      const res = await upload('first_name,primary_email\nAda,ada@example.com\n', { key: org.key, query });
      expect(res.statusCode, query).toBe(422);
      expect(res.json(), query).toMatchObject({ error: { code: 'validation_failed', details: [{ code: 'field_value_invalid', field: 'map' }] } });
    }
    for (const query of ['?map=E-mail%3Dprimary_emial', '?map=E-mail%3Dprimary_emial&ignore_unknown_columns=true']) {
      const res = await upload('first_name,E-mail\nAda,ada@example.com\n', { key: org.key, query });
      expect(res.statusCode, query).toBe(422);
      expect(res.json(), query).toMatchObject({ error: { code: 'validation_failed', details: [{ code: 'unknown_field', field: 'E-mail', message: 'the column "E-mail" is mapped to "primary_emial", which names no attribute' }] } });
    }
    const ndjson = await run('{"first_name":"Ada","E-mail":"ada@example.com"}\n', { type: 'application/x-ndjson', key: org.key, query: '?map=E-mail%3Dprimary_emial&ignore_unknown_columns=true' });
    expect(ndjson.counts).toEqual({ rows: 1, created: 0, updated: 0, failed: 1 });
    expect((await errorReport(ndjson.id, org.key)).slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['1', 'E-mail', 'unknown_field']]);
    expect(await contactsOf(org)).toEqual([]);
  });

  it('422 before any job for two CSV columns naming one attribute (one value would be dropped); an NDJSON line doing so is a row error', async () => {
    const org = await t.newOrg();
    for (const [csv, query, field] of [['first_name,First Name,primary_email\nAda,Augusta,twice@example.com\n', '', 'First Name'], ['E-mail,primary_email\na@example.com,b@example.com\n', '?map=E-mail%3Dprimary_email', 'primary_email']] as const) {
      const res = await upload(csv, { key: org.key, query });
      expect(res.statusCode, csv).toBe(422);
      const { error } = res.json() as { error: { code: string; message: string; details: Array<{ code: string; field: string }> } };
      expect(error.code).toBe('validation_failed');
      expect(error.details).toHaveLength(1);
      expect(error.details[0]).toMatchObject({ code: 'field_value_invalid', field });
    }
    const job = await run('{"first_name":"Ada","First Name":"Augusta","primary_email":"nd-twice@example.com"}\n{"first_name":"Grace","primary_email":"nd-once@example.com"}\n', { key: org.key, type: 'application/x-ndjson' });
    expect(job).toMatchObject({ status: 'completed', counts: { rows: 2, created: 1, failed: 1 } });
    expect((await errorReport(job.id, org.key)).slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['1', 'First Name', 'field_value_invalid']]);
    expect((await contactsOf(org)).map((c) => c.first_name?.value)).toEqual(['Grace']);
  });

  it('415 for another Content-Type, a non-UTF-8 charset or a UTF-16 file; 413 over IMPORT_MAX_BYTES; never a 500', async () => {
    expect((await upload('{"a":1}', { type: 'application/json' })).statusCode).toBe(415);
    expect((await upload('first_name\nA\n', { type: 'text/plain' })).statusCode).toBe(415);
    expect((await upload('first_name\nA\n', { type: 'text/csv; charset=iso-8859-1' })).statusCode).toBe(415);
    expect((await upload('first_name\nA\n', { type: 'text/csv; charset=utf-8' })).statusCode).toBe(202);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('first_name\nA\n', 'utf16le')]);
    const refused = await upload(utf16);
    expect(refused.statusCode).toBe(415);
    expect(refused.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const big = await upload(`first_name\n${'x'.repeat(70 * 1024)}\n`);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringContaining(String(64 * 1024)) } });
    // A type the server has no parser for, or JSON that does not parse (a CSV file sent as application/json),
    // is refused like any other type, naming the types the import reads (never "send application/json" or a
    // 400 about JSON the file never was).
    for (const [type, body] of [['application/json', 'first_name\nA\n'], ['application/json; charset=utf-8', '{"a":1,"a":2}\n'], ['application/x-www-form-urlencoded', 'first_name\nA\n'], ['text/plain', 'first_name\nA\n'], ['multipart/form-data; boundary=x', '--x--\r\n']] as const) {
      const res = await upload(body, { type });
      expect(res.statusCode, type).toBe(415);
      expect(res.json(), type).toMatchObject({ error: { code: 'unsupported_media_type', message: expect.stringContaining('send the file as text/csv or application/x-ndjson') } });
    }
    // Other routes still refuse CSV bodies as before.
    expect((await t.request({ method: 'POST', url: '/api/v2/contact', headers: { 'content-type': 'text/csv' }, payload: 'first_name\nA\n' })).statusCode).toBe(415);
  });

  it('a CSV record over 1 MiB fails the job, naming its line (never a 500 or a retry loop); an NDJSON line over 1 MiB is a row error', async () => {
    const big = await createTestApp(dialect, { importMaxBytes: 4 * 1024 * 1024 });
    const bigRunner = startImportRunner({ store: big.app.importWork.store, contacts: big.app.importWork.contacts, batchRows: 2, claimMs: 30_000, pollIntervalMs: 20 });
    try {
      const poll = async (id: string) => {
        await expect.poll(async () => ((await big.request({ method: 'GET', url: `/api/v2/import/${id}` })).json() as { data: Job }).data.status, { timeout: 20_000 }).toMatch(/completed|failed/);
        return ((await big.request({ method: 'GET', url: `/api/v2/import/${id}` })).json() as { data: Job }).data;
      };
      const csv = `first_name\nA\nB\nC\n"${'x'.repeat(1100 * 1024)}"\nD\n`;
      const res = await big.request({ method: 'POST', url: '/api/v2/contact/_import', headers: { 'content-type': 'text/csv' }, payload: csv });
      expect(res.statusCode).toBe(202);
      const job = await poll((res.json() as { data: Job }).data.id);
      expect(job.status).toBe('failed');
      expect(job.error).toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/not valid CSV: Max Record Size.* line 5/) });
      expect(job.finished_at).not.toBeNull();
      const ndjson = `{"first_name":"A"}\n{"first_name":"${'x'.repeat(1100 * 1024)}"}\n{"first_name":"C"}\n`;
      const res2 = await big.request({ method: 'POST', url: '/api/v2/contact/_import', headers: { 'content-type': 'application/x-ndjson' }, payload: ndjson });
      const job2 = await poll((res2.json() as { data: Job }).data.id);
      expect(job2).toMatchObject({ status: 'completed', counts: { rows: 3, created: 2, failed: 1 } });
      const report = parse((await big.request({ method: 'GET', url: `/api/v2/import/${job2.id}/errors` })).body) as string[][];
      expect(report.slice(1).map((r) => [r[0], r[2]])).toEqual([['2', 'payload_too_large']]);
      // A file stored in 1 MiB chunks whose first chunk ends inside a two-byte character: the row is read whole
      // (two rows padded with JSON whitespace put the "é" of the third on the chunk's last byte).
      const head = '{"first_name":"Straddl';
      const first = `{"first_name":"Pad1"${' '.repeat(600 * 1024)}}\n`;
      const second = `{"first_name":"Pad2"${' '.repeat(1024 * 1024 - 1 - first.length - head.length - '{"first_name":"Pad2"}\n'.length)}}\n`;
      const file = Buffer.from(`${first}${second}${head}é"}\n`, 'utf8');
      expect(file.subarray(1024 * 1024 - 1, 1024 * 1024 + 1)).toEqual(Buffer.from('é', 'utf8'));
      const res3 = await big.request({ method: 'POST', url: '/api/v2/contact/_import', headers: { 'content-type': 'application/x-ndjson' }, payload: file });
      const job3 = await poll((res3.json() as { data: Job }).data.id);
      expect(job3).toMatchObject({ status: 'completed', counts: { rows: 3, created: 3, failed: 0 } });
      const found = await big.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'first_name', operator: 'eq', value: 'Straddlé' }] } });
      expect((found.json() as { data: unknown[] }).data).toHaveLength(1);
    } finally {
      await bigRunner.stop();
      await big.close();
    }
  });

  it('permissions: a read key cannot start an import (403) but reads the job and its report; another organization gets 404', async () => {
    const job = await run('first_name\nPerm\n');
    const reader = await t.newKey(t.org, ['contacts:read']);
    const refused = await upload('first_name\nA\n', { key: reader.key });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'permission_denied' } });
    expect((await t.request({ method: 'GET', url: `/api/v2/import/${job.id}`, key: reader.key })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v2/import/${job.id}/errors`, key: reader.key })).statusCode).toBe(200);
    const other = await t.newOrg('Other');
    for (const url of [`/api/v2/import/${job.id}`, `/api/v2/import/${job.id}/errors`, '/api/v2/import/not-a-uuid', '/api/v2/import/0190b7a0-0000-7000-8000-000000000000']) {
      const res = await t.request({ method: 'GET', url, key: url.includes(job.id) ? other.key : undefined });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'record_not_found' } });
    }
    expect((await t.request({ method: 'GET', url: `/api/v2/import/${job.id}`, key: null })).statusCode).toBe(401);
  });

  it('an Idempotency-Key covers the upload: a retry answers the same job; the same key with another query is 422', async () => {
    const headers = { 'idempotency-key': `imp-${dialect}-${Date.now()}` };
    const first = await upload('first_name\nIdem\n', { headers });
    const again = await upload('first_name\nIdem\n', { headers });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.json() as { data: Job }).data.id).toBe((first.json() as { data: Job }).data.id);
    expect((await upload('first_name\nIdem\n', { headers, query: '?dry_run=true' })).statusCode).toBe(422);
  });

  it('an Idempotency-Key covers the upload\'s format: the same bytes sent again in another format are 422 idempotency_key_reused, not the first format\'s job; another NDJSON media type is the same format', async () => {
    const headers = { 'idempotency-key': `imp-format-${dialect}-${Date.now()}` };
    const file = '{"first_name":"Format"}\n';
    const ndjson = await upload(file, { type: 'application/x-ndjson', headers });
    expect(ndjson.statusCode, ndjson.body).toBe(202);
    expect((ndjson.json() as { data: Job }).data.format).toBe('ndjson');
    const asCsv = await upload(file, { type: 'text/csv', headers });
    expect(asCsv.statusCode, asCsv.body).toBe(422);
    expect((asCsv.json() as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
    const sameFormat = await upload(file, { type: 'application/ndjson; charset=utf-8', headers });
    expect(sameFormat.statusCode, sameFormat.body).toBe(202);
    expect((sameFormat.json() as { data: Job }).data.id).toBe((ndjson.json() as { data: Job }).data.id);
    const csvKey = { 'idempotency-key': `imp-format-csv-${dialect}-${Date.now()}` };
    expect((await upload('first_name\nFormat\n', { headers: csvKey })).statusCode).toBe(202);
    const csvAsNdjson = await upload('first_name\nFormat\n', { type: 'application/x-ndjson', headers: csvKey });
    expect((csvAsNdjson.json() as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  });

  it('round trip: _export (CSV and NDJSON) then _import into an empty organization gives equal attribute values, custom attributes included', async () => {
    const source = await t.newOrg();
    const schemaKey = async (org: TestOrg) => (await t.newKey(org, ['contacts:write', 'schema:write'])).key;
    const defineAll = async (org: TestOrg) => {
      const key = await schemaKey(org);
      for (const body of [
        { api_name: 'seats', display_name: 'Seats', value_type: 'number' },
        { api_name: 'vip', display_name: 'VIP', value_type: 'boolean' },
        { api_name: 'renewal', display_name: 'Renewal', value_type: 'date' },
        { api_name: 'arr', display_name: 'ARR', value_type: 'currency' },
        { api_name: 'tags', display_name: 'Tags', value_type: 'select', is_array: true, options: [{ api_name: 'a', display_value: 'A' }, { api_name: 'b', display_value: 'B' }] },
        { api_name: 'labels', display_name: 'Labels', value_type: 'string', is_array: true },
      ]) expect((await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body, key })).statusCode).toBe(201);
    };
    await defineAll(source);
    const operations = [
      { op: 'create', attributes: { first_name: 'Ada', last_name: 'Lovelace', title: '=Countess', primary_email: 'ada@example.com', contact_emails: ['ada@example.com', 'ada@work.example'], sms_consent: true, address: { city: 'London', country: 'UK' }, seats: 3.5, vip: true, renewal: '2026-03-01', arr: { amount: '99.9', currency_code: 'GBP' }, tags: ['a', 'b'] } },
      { op: 'create', attributes: { first_name: 'Alan', title: '-Logician', primary_phone_number: '+14155550100', seats: 0, vip: false, labels: ['[x]'] } },
      // Values a formula escape must give back exactly (fullwidth formula characters, a quote already there) and
      // list items holding the separator.
      { op: 'create', attributes: { first_name: '\uFF1DHYPERLINK("x")', last_name: '\uFF0D2', title: "'=1+1", department: "''+x", labels: ['a;b', 'c'] } },
    ];
    expect((await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: { operations }, key: source.key })).statusCode).toBe(200);
    // Ids are minted per organization (contacts, items, stages, options); server-set attributes differ by design; CSV carries no item labels.
    const serverSet = ['id', 'organization_id', 'created_at', 'updated_at', 'created_by_user_id', 'updated_by_user_id', 'owner_user_id', 'participant_user_id_list', 'created_source', 'display_name'];
    const plain = (value: unknown): unknown => (typeof value === 'object' && value !== null && 'id' in value ? { ...value, id: undefined, labels: undefined } : value);
    const values = (contacts: Array<Record<string, unknown>>) =>
      contacts
        .map((c) => Object.fromEntries(Object.entries(c).filter(([name]) => !serverSet.includes(name)).map(([name, v]) => [name, Array.isArray(v) ? v.map((i: { value: unknown }) => plain(i.value)) : plain((v as { value: unknown }).value)])))
        .sort((a, b) => String(a.first_name).localeCompare(String(b.first_name)));
    const expected = values(await contactsOf(source));
    for (const format of ['csv', 'ndjson'] as const) {
      const exported = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: { format }, key: source.key });
      expect(exported.statusCode).toBe(200);
      const target = await t.newOrg();
      await defineAll(target);
      const job = await run(exported.body, { key: target.key, type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' });
      expect(job.counts, format).toEqual({ rows: 3, created: 3, updated: 0, failed: 0 });
      expect(values(await contactsOf(target)), format).toEqual(expected);
    }
  });
  it('purging a contact drops the error report rows that carry its email or name it; other rows stay', async () => {
    const org = await t.newOrg();
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Erased', primary_email: 'erase.me@example.com' } }, key: org.key });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;
    const csv = 'first_name,primary_email\nCopy,Erase.Me@example.com\nBad,not-an-email\n';
    const job = await run(csv, { key: org.key });
    expect(job.counts).toMatchObject({ rows: 2, failed: 2 });
    const before = await errorReport(job.id, org.key);
    expect(before.some((row) => row.join(',').includes('Erase.Me@example.com'))).toBe(true);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key: org.key })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge`, key: org.key })).statusCode).toBe(204);
    const after = await errorReport(job.id, org.key);
    expect(after.some((row) => row.join(',').toLowerCase().includes('erase.me@example.com') || row.join(',').includes(id))).toBe(false);
    expect(after.some((row) => row.join(',').includes('not-an-email'))).toBe(true);
  });

  it('purging a contact drops the rows whose raw row carries one of its unique custom values (an import matched by it), not only its emails', async () => {
    const org = await t.newOrg();
    const schemaKey = (await t.newKey(org, ['schema:write'])).key;
    const attribute = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body: { api_name: 'crm_id', display_name: 'CRM id', value_type: 'string', is_unique: true }, key: schemaKey });
    expect(attribute.statusCode, attribute.body).toBe(201);
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Erased', crm_id: 'CRM-ERASE-42' } }, key: org.key });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;
    // Refused for its consent value: the report names no contact and carries no email, only the contact's crm_id.
    // Another contact's value holding it (CRM-ERASE-420) is not it: a unique value counts as a whole cell.
    const csv = 'crm_id,first_name,sms_consent\nCRM-ERASE-42,Erasedname,maybe\nCRM-OTHER-7,Other,maybe\nCRM-ERASE-420,Kept,maybe\n';
    const job = await run(csv, { key: org.key, query: '?match=crm_id' });
    expect(job.counts).toMatchObject({ rows: 3, failed: 3 });
    expect((await errorReport(job.id, org.key)).some((row) => row.join(',').includes('CRM-ERASE-42,'))).toBe(true);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key: org.key })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge`, key: org.key })).statusCode).toBe(204);
    const after = await errorReport(job.id, org.key);
    expect(after.some((row) => row.join(',').includes('CRM-ERASE-42,') || row.join(',').includes('Erasedname'))).toBe(false);
    expect(after.some((row) => row.join(',').includes('CRM-OTHER-7'))).toBe(true);
    expect(after.some((row) => row.join(',').includes('CRM-ERASE-420,Kept'))).toBe(true);
  });

  it('purging a contact drops the NDJSON rows that write its email with JSON escapes (Python\'s json.dumps writes É as \\u00c9)', async () => {
    const org = await t.newOrg();
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Émile', primary_email: 'émile.escaped@example.com' } }, key: org.key });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;
    // Refused for its consent value: only the raw line carries the email, escaped as json.dumps(ensure_ascii=True) writes it.
    const ndjson = '{"first_name": "\\u00c9mile", "primary_email": "\\u00c9mile.Escaped@example.com", "sms_consent": "maybe"}\n{"first_name": "Other", "primary_email": "other.person@example.com", "sms_consent": "maybe"}\n';
    const job = await run(ndjson, { key: org.key, type: 'application/x-ndjson' });
    expect(job.counts).toMatchObject({ rows: 2, failed: 2 });
    expect((await errorReport(job.id, org.key)).some((row) => row.join(',').includes('\\u00c9mile.Escaped@example.com'))).toBe(true);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key: org.key })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge`, key: org.key })).statusCode).toBe(204);
    const after = await errorReport(job.id, org.key);
    expect(after.some((row) => row.join(',').includes('mile.Escaped@example.com'))).toBe(false);
    expect(after.some((row) => row.join(',').includes('other.person@example.com'))).toBe(true);
  });

  it('purging a contact drops the rows whose raw row carries its email with a capital whose lower case is longer (İ for i̇, U+0130 for i + U+0307)', async () => {
    const org = await t.newOrg();
    // Stored lower-cased: 'İlkay' becomes 'i̇lkay' (i + U+0307, one character more than the row's İ).
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'İlkay', primary_email: 'İlkay.erase@example.com' } }, key: org.key });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;
    const csv = 'first_name,primary_email,sms_consent\nCopy,İlkay.Erase@Example.com,maybe\nOther,other.person@example.com,maybe\n';
    const job = await run(csv, { key: org.key });
    expect(job.counts).toMatchObject({ rows: 2, failed: 2 });
    expect((await errorReport(job.id, org.key)).some((row) => row.join(',').includes('İlkay.Erase@Example.com'))).toBe(true);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key: org.key })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge`, key: org.key })).statusCode).toBe(204);
    const after = await errorReport(job.id, org.key);
    expect(after.some((row) => row.join(',').toLowerCase().includes('i\u0307lkay.erase@example.com'))).toBe(false);
    expect(after.some((row) => row.join(',').includes('other.person@example.com'))).toBe(true);
  });

  it('purging a contact drops the rows whose raw row carries its email with other letters upper-cased than ASCII ones (Émile for émile)', async () => {
    const org = await t.newOrg();
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Émile', primary_email: 'émile.erase@example.com' } }, key: org.key });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;
    // Refused for its consent value, not as a duplicate: the report names no contact, only the raw row carries the email.
    const csv = 'first_name,primary_email,sms_consent\nCopy,Émile.Erase@Example.com,maybe\nOther,other.person@example.com,maybe\n';
    const job = await run(csv, { key: org.key });
    expect(job.counts).toMatchObject({ rows: 2, failed: 2 });
    const before = await errorReport(job.id, org.key);
    expect(before.some((row) => row.join(',').includes('Émile.Erase@Example.com'))).toBe(true);
    expect(before.some((row) => row.join(',').includes(id))).toBe(false);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key: org.key })).statusCode).toBe(204);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge`, key: org.key })).statusCode).toBe(204);
    const after = await errorReport(job.id, org.key);
    expect(after.some((row) => row.join(',').toLowerCase().includes('émile.erase@example.com'))).toBe(false);
    expect(after.some((row) => row.join(',').includes('other.person@example.com'))).toBe(true);
  });
});
