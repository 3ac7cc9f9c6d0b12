import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';
import { SqlCustomAttributeStore } from '../../src/storage/sql-custom-attribute-store.ts';
import { CONTACTD, childEnv, runCli, singleJson } from '../helpers/cli.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

type Db = TestDatabase['database'];

describeEachDialect('contactd import / export', (dialect) => {
  let dir: string;
  let db: TestDatabase;
  const cli = (...args: string[]) => runCli(['--database-url', db.url, ...args]);
  const newOrg = async (): Promise<string> => {
    const org = singleJson(await cli('org', 'create', '--name', 'Imp', '--json')).id as string;
    singleJson(await cli('user', 'create', '--org', org, '--email', `owner-${org}@example.com`, '--json'));
    return org;
  };
  const contactsOf = (database: Db, org: string) => database.db.selectFrom('contacts').selectAll().where('organization_id', '=', org).orderBy('created_at').orderBy('id').execute();
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-import-'));
    db = await openTestDatabase(dialect, { sqliteFile: join(dir, 'db.sqlite') });
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an RFC 4180 CSV (BOM, CRLF, quoted newlines, display-name headers, --map, coercion); bad rows go to --errors with their input line', async () => {
    const org = await newOrg();
    const csv = '\ufeffFirst Name,Last Name,E-mail,SMS Consent,contact_emails,title\r\n'
      + 'Ada,"Love\r\nlace",ada@example.com,yes,ada@example.com;ada2@example.com,"\'=cmd"\r\n'
      + 'Bad,Consent,bad@example.com,perhaps,,\r\n'
      + 'too,few\r\n'
      + 'Dup,Email,ADA@example.com,no,,\r\n'
      + 'Grace,Hopper,grace@example.com,0,,Admiral\r\n';
    const errors = join(dir, `errors-${dialect}.csv`);
    const result = await cli('import', file('in.csv', csv), '--org', org, '--map', 'E-mail=primary_email', '--errors', errors, '--json');
    expect(singleJson(result)).toEqual({ rows: 5, created: 2, updated: 0, failed: 3 });
    const rows = await contactsOf(db.database, org);
    expect(rows.map((r) => [r.first_name, r.last_name, r.primary_email, r.sms_consent, r.title, r.created_source])).toEqual([
      ['Ada', 'Love\r\nlace', 'ada@example.com', 1, '=cmd', 'CSV_IMPORT'],
      ['Grace', 'Hopper', 'grace@example.com', 0, 'Admiral', 'CSV_IMPORT'],
    ]);
    const report = parse(readFileSync(errors, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(report.map((r) => [r.line, r.column, r.code]).sort()).toEqual([['4', 'sms_consent', 'field_value_invalid'], ['5', '', 'field_value_invalid'], ['6', 'primary_email', 'duplicate_value']]);
    expect(report.find((r) => r.line === '5')!.raw).toBe('too,few');
    expect(report.find((r) => r.line === '4')!.raw).toBe('Bad,Consent,bad@example.com,perhaps,,');
    const events = await db.database.db.selectFrom('contact_events').select(['source', 'type']).where('organization_id', '=', org).execute();
    const queued = dialect === 'postgres' ? await db.database.db.selectFrom('contact_event_queue').select(['source', 'type']).where('organization_id', '=', org).execute() : [];
    expect([...events, ...queued].map((e) => [e.type, e.source])).toEqual([['contact.created', 'CSV_IMPORT'], ['contact.created', 'CSV_IMPORT']]);
  });

  it('refuses unknown columns unless --ignore-unknown-columns; --dry-run writes nothing; --match updates', async () => {
    const org = await newOrg();
    const path = file('unknown.csv', 'first_name,primary_email,shoe_size\nZed,zed@example.com,44\n');
    const refused = await cli('import', path, '--org', org);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/unknown columns "shoe_size"/);
    const dry = singleJson(await cli('import', path, '--org', org, '--ignore-unknown-columns', '--dry-run', '--json'));
    expect(dry).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    expect(await contactsOf(db.database, org)).toHaveLength(0);
    expect(singleJson(await cli('import', path, '--org', org, '--ignore-unknown-columns', '--json'))).toEqual({ rows: 1, created: 1, updated: 0, failed: 0 });
    const again = file('again.csv', 'first_name,primary_email,title\nZed,ZED@example.com,Boss\nZed,zed@example.com,Chief\n');
    expect(singleJson(await cli('import', again, '--org', org, '--match', 'primary_email', '--json'))).toEqual({ rows: 2, created: 0, updated: 2, failed: 0 });
    const rows = await contactsOf(db.database, org);
    expect(rows.map((r) => r.title)).toEqual(['Chief']);
  }, 120_000);

  it('an NDJSON envelope whose value_type is not the attribute\'s is a bad row in --errors, not a value written under the wrong type', async () => {
    const org = await newOrg();
    const errors = join(dir, `envelope-errors-${dialect}.csv`);
    const ndjson = `${JSON.stringify({ attributes: { first_name: { value: 'Typed', value_type: 'number' }, primary_email: 'typed@example.com' } })}\n${JSON.stringify({ first_name: { value: 'Fine', value_type: 'string' } })}\n`;
    expect(singleJson(await cli('import', file('envelopes.ndjson', ndjson), '--org', org, '--errors', errors, '--json'))).toEqual({ rows: 2, created: 1, updated: 0, failed: 1 });
    expect((await contactsOf(db.database, org)).map((r) => r.first_name)).toEqual(['Fine']);
    const report = parse(readFileSync(errors, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(report.map((r) => [r.line, r.column, r.code])).toEqual([['1', 'first_name', 'field_value_invalid']]);
  });

  it('a stray quote inside an unquoted cell is part of the value: the import goes on instead of stopping at that row for good', async () => {
    const org = await newOrg();
    const path = file('stray.csv', 'first_name,last_name,primary_email\nMiles,O"Brien,obrien@example.com\n"Quoted"Tail,Jones,jones@example.com\nGrace,Hopper,hopper@example.com\n');
    expect(singleJson(await cli('import', path, '--org', org, '--json'))).toEqual({ rows: 3, created: 3, updated: 0, failed: 0 });
    expect((await contactsOf(db.database, org)).map((r) => [r.first_name, r.last_name])).toEqual([['Miles', 'O"Brien'], ['"Quoted"Tail', 'Jones'], ['Grace', 'Hopper']]);
  });

  it('a missing input, a directory or an --errors file that cannot be created is one clear line and exit 1, never a crash; nothing is written', async () => {
    const org = await newOrg();
    const good = file('fine.csv', 'first_name\nFine\n');
    for (const args of [[join(dir, 'missing.csv')], [dir], [good, '--errors', join(dir, 'no-such-dir', 'errors.csv')]]) {
      const result = await cli('import', ...args, '--org', org);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr, args.join(' ')).toMatch(/^contactd: .+\n$/);
      expect(result.stderr).not.toMatch(/Unhandled|node:events/);
    }
    expect(await contactsOf(db.database, org)).toHaveLength(0);
  });

  it('Ctrl-C while the input is quiet (stdin left open) stops at once: the rows read so far are written and the resume line printed', async () => {
    const org = await newOrg();
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', db.url, 'import', '-', '--org', org], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      let interrupted = false;
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        // The first plain progress line (every 5 s) says the import is running, its Ctrl-C handler in place.
        if (!interrupted && stderr.includes('import: ')) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.stdin.on('error', () => undefined);
      // Three rows and the start of a fourth, then nothing more, and stdin is never closed.
      child.stdin.write('first_name,primary_email\nQuiet1,quiet1@example.com\nQuiet2,quiet2@example.com\nQuiet3,quiet3@example.com\nQuiet4,qu');
      child.on('close', (code) => resolve({ code, stderr, stdout }));
    });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/resume with --resume-from 5/);
    expect(result.stdout).toMatch(/^rows: 3 {2}created: 3 {2}updated: 0 {2}failed: 0\n$/);
    expect((await contactsOf(db.database, org)).map((r) => r.first_name)).toEqual(['Quiet1', 'Quiet2', 'Quiet3']);
  }, 60_000);

  it('refuses a CSV file without a header row (empty) with a clear error; a refusal before any row names no line to resume from', async () => {
    const org = await newOrg();
    for (const text of ['', '\ufeff', '\n\n']) {
      const result = await cli('import', file('no-header.csv', text), '--org', org);
      expect(result.code, JSON.stringify(text)).toBe(1);
      expect(result.stderr).toMatch(/^contactd: the file is empty: a CSV file starts with a header row\n$/);
    }
    const unknown = await cli('import', file('unknown-only.csv', 'shoe_size\n44\n'), '--org', org);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown columns "shoe_size"/);
    expect(unknown.stderr).not.toMatch(/resume/);
  });

  it('refuses an --errors file that is the input file itself, leaving the input as it was', async () => {
    const org = await newOrg();
    const text = 'first_name,primary_email\nSame,not-an-email\n';
    const path = file('same.csv', text);
    const result = await cli('import', path, '--org', org, '--errors', path);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^contactd: .*--errors.*input.*\n$/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses a file with two columns naming one attribute before writing anything (one of the values would be lost)', async () => {
    const org = await newOrg();
    const path = file('twice.csv', 'first_name,First Name,primary_email\nAda,Augusta,cli-twice@example.com\n');
    const refused = await cli('import', path, '--org', org);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/"First Name".*first_name/);
    expect(await contactsOf(db.database, org)).toHaveLength(0);
  });

  it('--match <unique custom attribute> upserts by it; --match of an attribute that is not unique is refused', async () => {
    const org = await newOrg();
    const attributes = new CustomAttributes(new SqlCustomAttributeStore(db.database), { maxLive: 500 });
    await attributes.create(org, { api_name: 'crm_id', display_name: 'CRM Id', value_type: 'string', is_unique: true });
    await attributes.create(org, { api_name: 'nickname', display_name: 'Nickname', value_type: 'string' });
    const first = file('by-crm-1.csv', 'crm_id,first_name,title\nC-1,Ada,Countess\nC-2,Alan,\n');
    expect(singleJson(await cli('import', first, '--org', org, '--match', 'crm_id', '--json'))).toEqual({ rows: 2, created: 2, updated: 0, failed: 0 });
    const second = file('by-crm-2.csv', 'CRM Id,title\nC-1,Analyst\n,Nobody\n');
    expect(singleJson(await cli('import', second, '--org', org, '--match', 'crm_id', '--json'))).toEqual({ rows: 2, created: 0, updated: 1, failed: 1 });
    expect((await contactsOf(db.database, org)).map((r) => [r.first_name, r.title])).toEqual([['Ada', 'Analyst'], ['Alan', null]]);
    const refused = await cli('import', second, '--org', org, '--match', 'nickname');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--match is one of primary_email, contact_emails, crm_id .*got "nickname"/);
  });

  it('--dry-run remembers what earlier batches would have created: a repeat 1,000 rows later fails as in the real import', async () => {
    const org = await newOrg();
    // The CLI writes 1,000 rows a batch: the last row repeats the first one's email from the batch before.
    const lines = ['first_name,primary_email'];
    for (let i = 0; i < 1001; i += 1) lines.push(`R${i},span${i}@example.com`);
    lines.push('Again,SPAN0@example.com');
    const path = file('span.csv', `${lines.join('\n')}\n`);
    const errors = join(dir, `span-errors-${dialect}.csv`);
    const dry = singleJson(await cli('import', path, '--org', org, '--dry-run', '--errors', errors, '--json'));
    expect(dry).toEqual({ rows: 1002, created: 1001, updated: 0, failed: 1 });
    expect((parse(readFileSync(errors, 'utf8'), { columns: true }) as Array<Record<string, string>>).map((r) => [r.line, r.code])).toEqual([['1003', 'duplicate_value']]);
    expect(await contactsOf(db.database, org)).toHaveLength(0);
    expect(singleJson(await cli('import', path, '--org', org, '--json'))).toEqual(dry);
  }, 120_000);

  it('progress: a bar with rows, rows/s, ETA and the counts on a terminal; a plain line every 5 s otherwise', async () => {
    const org = await newOrg();
    const lines = ['first_name,primary_email', ...Array.from({ length: 2500 }, (_, i) => `T${i},t${i}@example.com`), 'Bad,not-an-email'];
    const path = file('progress.csv', `${lines.join('\n')}\n`);
    // A terminal: `script` (util-linux) runs the import on a pseudo-terminal and copies what it draws.
    const command = [process.execPath, ...CONTACTD, '--database-url', db.url, 'import', path, '--org', org].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const tty = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(tty.code, tty.output).toBe(0);
    // The bar's last drawing: the whole file read, every row counted.
    expect(tty.output).toMatch(/100% \| 2501 rows \| \d+ rows\/s \| ETA \S+ \| created 2500 updated 0 failed 1/);
    expect(tty.output).toContain('rows: 2501  created: 2500  updated: 0  failed: 1');

    // Not a terminal: nothing drawn, one plain line every 5 s while the import runs (stdin held open until the first).
    const org2 = await newOrg();
    const plain = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', db.url, 'import', '-', '--org', org2], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      // The rest of the input follows the first plain line (or 20 s, and the assertions below fail).
      const rest = () => {
        clearTimeout(timer);
        if (child.stdin.writable) child.stdin.end(`${lines.slice(1201).join('\n')}\n`);
      };
      const timer = setTimeout(rest, 20_000);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (stderr.includes('import: ')) rest();
      });
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stdin.write(`${lines.slice(0, 1201).join('\n')}\n`);
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, stdout }));
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr.includes('\u001b[') || plain.stderr.includes('%')).toBe(false);
    expect(plain.stderr).toMatch(/^import: 1000 rows, \d+ rows\/s, created 1000, updated 0, failed 0$/m);
    expect(plain.stdout).toContain('rows: 2501  created: 2500  updated: 0  failed: 1');
  }, 120_000);

  it('an import killed halfway resumes without duplicates (--match), and Ctrl-C prints the line to resume from', async () => {
    const org = await newOrg();
    const n = 2000;
    const lines = ['first_name,primary_email'];
    // Every 97th row is refused (not an email): its report line must be written once across the two runs.
    for (let i = 0; i < n; i += 1) lines.push(i % 97 === 50 ? `Bad${i},not-an-email` : `R${i},r${i}@example.com`);
    const bad = lines.flatMap((l, i) => (l.startsWith('Bad') ? [String(i + 1)] : []));
    const path = file('big.csv', `${lines.join('\n')}\n`);
    const errors = join(dir, `resume-errors-${dialect}.csv`);

    // The file comes on stdin: the first 1,500 rows, then SIGINT once the first batch (1,000 rows) is in, then
    // the rest. The import cannot finish before the signal: it stops after the batch in hand and says where to go on.
    const interrupted = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', db.url, 'import', '-', '--org', org, '--errors', errors], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Ctrl-C with the input quiet stops at once: the rest may find the process gone.
      child.stdin.on('error', () => undefined);
      child.stdin.write(`${lines.slice(0, 1501).join('\n')}\n`);
      // One SIGINT only: polls still in flight when the first finds rows (PostgreSQL answers slower than 50 ms
      // on a busy machine) would send a second, which stops the import at once without its resume line.
      let signalled = false;
      const poll = setInterval(() => {
        void contactsOf(db.database, org).then((rows) => {
          if (rows.length === 0 || signalled) return;
          signalled = true;
          clearInterval(poll);
          child.kill('SIGINT');
          setTimeout(() => child.stdin.end(`${lines.slice(1501).join('\n')}\n`), 200);
        });
      }, 50);
      child.on('close', (code) => {
        clearInterval(poll);
        resolve({ code, stderr });
      });
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const resume = /--resume-from (\d+)/.exec(interrupted.stderr);
    expect(resume, interrupted.stderr).not.toBeNull();
    const from = Number(resume![1]);
    const committed = (await contactsOf(db.database, org)).length;
    // Every row before the resume line is written or reported, none after it.
    const badBefore = bad.filter((line) => Number(line) < from).length;
    expect(committed + badBefore).toBe(from - 2);
    expect(from).toBeGreaterThan(1001);
    expect(from).toBeLessThan(n + 2);
    const rest = singleJson(await cli('import', path, '--org', org, '--resume-from', String(from), '--errors', errors, '--json'));
    expect(rest).toMatchObject({ created: n - bad.length - committed, failed: bad.length - badBefore });
    expect(new Set((await contactsOf(db.database, org)).map((r) => r.primary_email)).size).toBe(n - bad.length);
    // One report: the header once, each refused line once, in order.
    const report = parse(readFileSync(errors, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(report.map((r) => r.line)).toEqual(bad);

    // kill -9 halfway, then the same file again with --match: the rows already in are updated, not doubled.
    const org2 = await newOrg();
    const clean = file('clean.csv', `${['first_name,primary_email', ...Array.from({ length: n }, (_, i) => `R${i},r${i}@example.com`)].join('\n')}\n`);
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', db.url, 'import', clean, '--org', org2, '--match', 'primary_email'], { env: childEnv(), stdio: 'ignore' });
      const poll = setInterval(() => {
        void contactsOf(db.database, org2).then((rows) => {
          if (rows.length >= 500) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        });
      }, 50);
      child.on('close', () => {
        clearInterval(poll);
        resolve();
      });
    });
    const before = (await contactsOf(db.database, org2)).length;
    // Whole batches of 1,000 rows, nothing half-written.
    expect(before % 1000).toBe(0);
    const summary = singleJson(await cli('import', clean, '--org', org2, '--match', 'primary_email', '--json'));
    expect(summary).toEqual({ rows: n, created: n - before, updated: before, failed: 0 });
    const after = await contactsOf(db.database, org2);
    expect(after).toHaveLength(n);
    expect(new Set(after.map((r) => r.primary_email)).size).toBe(n);
  }, 240_000);

  it('round trip: export (NDJSON and CSV) then import into an empty organization gives every contact its attribute values', async () => {
    const org = await newOrg();
    const source = file('source.csv', [
      'first_name,last_name,middle_name,title,department,primary_email,contact_emails,primary_phone_number,contact_phone_numbers,sms_consent,address,linkedin_url,stage',
      'Ada,Lovelace,King,"=Countess",Math,ada@example.com,ada@example.com;ada@work.example,+14155550100,+14155550100;+14155550101,true,"{""city"":""London"",""country"":""UK""}",https://l/ada,working',
      'Alan,Turing,,-Logician,,alan@example.com,,,,false,,,',
    ].join('\n'));
    expect(singleJson(await cli('import', source, '--org', org, '--json'))).toMatchObject({ created: 2, failed: 0 });
    const writable = CONTACT_CATALOG.filter((d) => d.isCreatable).map((d) => d.apiName);
    const valuesOf = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => {
      const attributes = JSON.parse(l).attributes as Record<string, { value: unknown } | Array<{ value: Record<string, unknown> }>>;
      return Object.fromEntries(writable.map((name) => {
        const a = attributes[name]!;
        // Item ids are minted per contact; everything else must survive.
        if (name === 'stage') return [name, (a as { value: { api_name: string } }).value.api_name];
        return [name, Array.isArray(a) ? a.map((i) => (typeof i.value === 'object' && i.value !== null && 'id' in i.value ? { ...i.value, id: undefined } : i.value)) : a.value];
      }));
    });
    const exported = await cli('export', '--org', org);
    expect(exported.code, exported.stderr).toBe(0);
    for (const format of ['ndjson', 'csv'] as const) {
      const target = await newOrg();
      const dump = format === 'ndjson' ? exported.stdout : (await cli('export', '--org', org, '--format', 'csv')).stdout;
      const path = file(`dump-${dialect}.${format}`, dump);
      expect(singleJson(await cli('import', path, '--org', target, '--format', format, '--json'))).toMatchObject({ created: 2, failed: 0 });
      const again = await cli('export', '--org', target);
      const strip = (v: Array<Record<string, unknown>>) => v.map((c) => ({ ...c, participant_user_id_list: [], owner_user_id: null }));
      const expected = strip(valuesOf(exported.stdout));
      // CSV carries emails and phone numbers by address: their labels are not in it.
      const got = strip(valuesOf(again.stdout));
      expect(got).toEqual(expected);
    }
  }, 120_000);

  it('export --filters and --search select what _query would; a bad --filters is a clear error; a slow reader gets every row', async () => {
    const org = await newOrg();
    const rows = ['first_name,last_name,title,primary_email'];
    for (let i = 0; i < 3000; i += 1) rows.push(`P${i},${i % 3 === 0 ? 'Zyzzyva' : 'Other'},${i % 2 === 0 ? 'Engineer' : 'Sales'},p${i}@example.com`);
    expect(singleJson(await cli('import', file('select.csv', rows.join('\n')), '--org', org, '--json'))).toMatchObject({ created: 3000, failed: 0 });
    const namesOf = (ndjson: string) => ndjson.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { attributes: { first_name: { value: string } } }).attributes.first_name.value);
    const expected = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 0).map((i) => `P${i}`);
    const selected = await cli('export', '--org', org, '--filters', JSON.stringify([{ field: 'title', operator: 'eq', value: 'Engineer' }]), '--search', 'zyzzyva');
    expect(selected.code, selected.stderr).toBe(0);
    expect(namesOf(selected.stdout).sort()).toEqual([...expected].sort());
    const bad = await cli('export', '--org', org, '--filters', '[{"field":"title","operator":"near"}');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--filters/);
    const unknown = await cli('export', '--org', org, '--filters', JSON.stringify([{ field: 'shoe_size', operator: 'eq', value: 1 }]));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/shoe_size/);
    // A reader that stops reading for a while (the pipe fills, the export waits on drain) still gets every row once.
    const slow = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', db.url, 'export', '--org', org], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.pause();
      setTimeout(() => {
        child.stdout.on('data', (c: Buffer) => chunks.push(c));
        child.stdout.resume();
      }, 1500);
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`export exited ${code}`))));
    });
    const names = namesOf(slow);
    expect(names).toHaveLength(3000);
    expect(new Set(names).size).toBe(3000);
  }, 120_000);
});
