// check.js drives the refsync Salesforce emulator with jsforce, an
// independent Salesforce client: OAuth and SOAP login, paged queries,
// creates and updates. Usage:
//   node check.js URL [USERNAME PASSWORD CLIENT_ID CLIENT_SECRET]
// It exits non-zero on the first mismatch.
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
    const text = `${err.errorCode || ''} ${err.message}`;
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

(async () => {
  const conn = await oauthSession();
  const id = await writes(conn);
  await queries(conn, id);
  await soapSession();
  await clientCredentials();
  console.log('all jsforce checks passed');
})().catch((err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
