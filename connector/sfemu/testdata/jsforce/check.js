// check.js drives the refsync Salesforce emulator with jsforce, an
// independent Salesforce client: OAuth and SOAP login, paged queries,
// creates and updates, retrieve of many ids (POST composite/sobjects/Lead),
// getUpdated/getDeleted, SOQL date literals, Bulk API 2.0 ingest and query jobs
// and refresh-token rotation.
// Usage:
//   node check.js URL [USERNAME PASSWORD CLIENT_ID CLIENT_SECRET]
// with SFEMU_UPDATED_ID and SFEMU_DELETED_ID naming a Lead changed and a Lead
// deleted 5 to 10 minutes ago (the Go test seeds them), and the org started
// with refresh-token rotation on. It exits non-zero on the first mismatch.
'use strict';
const jsforce = require('jsforce');

const [url, username = 'admin@refsync.example', password = 'refsync',
  clientId = 'refsync-demo', clientSecret = 'refsync-demo-secret'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node check.js URL [USERNAME PASSWORD CLIENT_ID CLIENT_SECRET]');
  process.exit(2);
}
const version = '62.0';
const tag = `jsforce-${Date.now()}`;

function check(cond, what) {
  if (!cond) throw new Error(`mismatch: ${what}`);
  console.log(`ok   ${what}`);
}

async function rejects(promise, pattern, what) {
  try {
    await promise;
  } catch (err) {
    const text = `${err.errorCode || err.name || ''} ${err.message}`;
    check(pattern.test(text), `${what} (${text.trim().slice(0, 80)})`);
    return;
  }
  throw new Error(`mismatch: ${what}: call succeeded`);
}

async function oauthSession() {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: url, clientId, clientSecret }, loginUrl: url, version });
  const info = await conn.login(username, password);
  check(conn.accessToken && conn.instanceUrl === url && info.organizationId, 'OAuth password login');
  return conn;
}

async function writes(conn) {
  const batch = (n, from) => Array.from({ length: n }, (_, i) => ({ LastName: `Lead ${from + i}`, Company: tag }));
  let created = 0;
  for (const [n, from] of [[200, 0], [200, 200], [50, 400]]) {
    const res = await conn.sobject('Lead').create(batch(n, from), { allOrNone: true });
    created += res.filter((r) => r.success && r.id).length;
  }
  check(created === 450, 'create 450 leads through sObject Collections');
  const one = await conn.sobject('Lead').create({ FirstName: 'Ada', LastName: 'Lovelace', Company: tag, Referral_ID__c: tag });
  check(one.success && /^00Q\w{15}$/.test(one.id), 'create one lead');
  const upd = await conn.sobject('Lead').update({ Id: one.id, Title: 'Countess', NumberOfEmployees: 12 });
  check(upd.success, 'update the lead');
  const rec = await conn.sobject('Lead').retrieve(one.id);
  check(rec.Title === 'Countess' && rec.NumberOfEmployees === 12 && rec.Name === 'Ada Lovelace', 'retrieve shows the update');
  await rejects(conn.sobject('Lead').create({ LastName: 'X', Company: tag, NumberOfEmployees: 'many' }),
    /JSON_PARSER_ERROR/, 'a word in a number field is refused');
  return one.id;
}

async function queries(conn, id) {
  const soql = `SELECT Id, Name, Owner.Email FROM Lead WHERE Company = '${tag}' ORDER BY Id`;
  const small = { headers: { 'Sforce-Query-Options': 'batchSize=200' } };
  const all = await conn.query(soql, { autoFetch: true, maxFetch: 100000, ...small });
  check(all.totalSize === 451 && all.records.length === 451, `autoFetch returns all 451 rows (got ${all.records.length})`);
  check(all.records.some((r) => r.Id === id && r.Owner && r.Owner.Email), 'parent field Owner.Email is nested');
  let page = await conn.query(soql, small);
  let pages = 1;
  let rows = page.records.length;
  while (!page.done) {
    page = await conn.queryMore(page.nextRecordsUrl, small);
    pages += 1;
    rows += page.records.length;
  }
  check(rows === 451 && pages > 1, `queryMore walks ${pages} pages`);
  await rejects(conn.query('SELECT Naem FROM Lead'), /INVALID_FIELD/, 'unknown field answers INVALID_FIELD');
  const stamps = new Set(all.records.length ? (await conn.query(`SELECT SystemModstamp FROM Lead WHERE Company = '${tag}'`,
    { autoFetch: true, maxFetch: 100000 })).records.map((r) => r.SystemModstamp) : []);
  check(stamps.size === 4, `each sObject Collections save shares one SystemModstamp (${stamps.size} stamps for 3 saves and 1 create)`);
  const desc = await conn.sobject('Lead').describe();
  check(desc.fields.some((f) => f.name === 'Referral_ID__c'), 'describe lists Referral_ID__c');
}

async function soapSession() {
  const conn = new jsforce.Connection({ loginUrl: url, version });
  const info = await conn.login(username, password);
  check(conn.accessToken && info.organizationId, 'SOAP login');
  const res = await conn.query(`SELECT COUNT() FROM Lead WHERE Company = '${tag}'`);
  check(res.totalSize === 451, 'COUNT() over the SOAP session');
  const bad = new jsforce.Connection({ loginUrl: url, version });
  await rejects(bad.loginBySoap(username, 'wrong'), /INVALID_LOGIN/, 'wrong password answers INVALID_LOGIN');
}

async function clientCredentials() {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: url, clientId, clientSecret }, loginUrl: url, version });
  await conn.authorize({ grant_type: 'client_credentials' });
  const res = await conn.query(`SELECT Id FROM Lead WHERE Referral_ID__c = '${tag}'`);
  check(res.totalSize === 1, 'client credentials session queries');
}

async function retrieveMany(conn) {
  const res = await conn.query(`SELECT Id FROM Lead WHERE Company = '${tag}' ORDER BY Id LIMIT 25`);
  const ids = res.records.map((r) => r.Id);
  const recs = await conn.sobject('Lead').retrieve([...ids, '00Q000000000000AAA'], { fields: ['Id', 'LastName', 'Company'] });
  check(recs.length === 26 && recs.slice(0, 25).every((r, i) => r.Id === ids[i] && r.Company === tag) && recs[25] === null,
    'retrieve 25 ids (POST composite/sobjects/Lead) in order, null for a missing one');
  await rejects(conn.sobject('Lead').retrieve(ids.slice(0, 11), { fields: ['Naem'] }), /INVALID_FIELD/, 'retrieve of an unknown field');
}

async function replication(conn) {
  const updatedId = process.env.SFEMU_UPDATED_ID;
  const deletedId = process.env.SFEMU_DELETED_ID;
  const now = new Date();
  const hourAgo = new Date(now.getTime() - 3600 * 1000);
  const up = await conn.sobject('Lead').updated(hourAgo, now);
  check(up.ids.includes(updatedId) && !up.ids.includes(deletedId) && /\.000\+0000$/.test(up.latestDateCovered),
    `getUpdated lists the changed lead, not the deleted one (${up.ids.length} ids)`);
  const del = await conn.sobject('Lead').deleted(hourAgo, now);
  const gone = del.deletedRecords.find((r) => r.id === deletedId);
  check(gone && gone.deletedDate && del.earliestDateAvailable && del.latestDateCovered, 'getDeleted lists the deleted lead');
  await rejects(conn.sobject('Lead').updated(now, hourAgo), /INVALID_REPLICATION_DATE/, 'getUpdated with end before start');
}

async function dateLiterals(conn) {
  const count = async (where) => (await conn.query(`SELECT COUNT() FROM Lead WHERE Company = '${tag}' AND ${where}`)).totalSize;
  for (const [where, want] of [['CreatedDate = THIS_MONTH', 451], ['CreatedDate = LAST_N_HOURS:1', 451],
    ['CreatedDate = N_DAYS_AGO:3', 0], ['CreatedDate = THIS_FISCAL_YEAR', 451], ['CreatedDate < LAST_N_WEEKS:2', 0],
    ['CreatedDate = NEXT_N_QUARTERS:1', 0], ['CreatedDate = LAST_90_DAYS', 451]]) {
    const n = await count(where);
    check(n === want, `${where} counts ${n}`);
  }
  const found = await conn.sobject('Lead').find({ Company: tag, CreatedDate: jsforce.SfDate.LAST_N_DAYS(1) }, 'Id');
  check(found.length === 451, 'find() with SfDate.LAST_N_DAYS(1)');
}

// bulk2 loads Leads through a Bulk API 2.0 ingest job and reads them back
// through a query job (jsforce's bulk2 API: create, upload, close, poll, results).
async function bulk2(conn) {
  conn.bulk2.pollInterval = 200;
  const input = [1, 2, 3].map((i) => ({ LastName: `Bulk ${i}`, Company: `${tag}-bulk` }));
  const res = await conn.bulk2.loadAndWaitForResults({ object: 'Lead', operation: 'insert', input });
  check(res.successfulResults.length === 3 && res.failedResults.length === 0 && /^00Q/.test(res.successfulResults[0].sf__Id),
    'bulk2 insert: three successful results with their ids');
  const stream = await conn.bulk2.query(`SELECT Id, LastName, Company FROM Lead WHERE Company = '${tag}-bulk' ORDER BY LastName`);
  const rows = [];
  await new Promise((resolve, reject) => stream.on('record', (r) => rows.push(r)).on('end', resolve).on('error', reject));
  check(rows.length === 3 && rows[0].LastName === 'Bulk 1' && rows[0].Id === res.successfulResults[0].sf__Id,
    'bulk2 query reads the inserted Leads back');
  await rejects(conn.bulk2.query('SELECT Id, Address FROM Lead'), /compound data not supported/, 'bulk2 query of a compound field is refused');
}

async function tokenRotation() {
  const oauth2 = new jsforce.OAuth2({ loginUrl: url, clientId, clientSecret });
  const first = (await oauth2.authenticate(username, password)).refresh_token;
  const conn = new jsforce.Connection({ oauth2, instanceUrl: url, version, accessToken: 'expired', refreshToken: first });
  let rotated = null;
  conn.on('refresh', (accessToken, res) => {
    rotated = res.refresh_token;
    if (rotated) conn.refreshToken = rotated; // the application keeps the new one, jsforce does not
  });
  await conn.query('SELECT Id FROM Lead LIMIT 1');
  check(rotated && rotated !== first, 'a refresh answers with a new refresh token');
  await rejects(oauth2.refreshToken(first), /invalid_grant/, 'the used refresh token is void');
  const second = rotated;
  conn.accessToken = 'expired-again';
  await conn.query('SELECT Id FROM Lead LIMIT 1');
  check(rotated && rotated !== second, 'the rotated refresh token refreshes once more, and rotates again');
}

(async () => {
  const conn = await oauthSession();
  const id = await writes(conn);
  await queries(conn, id);
  await retrieveMany(conn);
  await replication(conn);
  await dateLiterals(conn);
  await bulk2(conn);
  await soapSession();
  await clientCredentials();
  await tokenRotation();
  console.log('all jsforce checks passed');
})().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
