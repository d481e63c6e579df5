// A request between States and one between a State and a national of another State, filed on the
// web by demo counsel, accepted by the other side's demo counsel and registered by the registrar.
// (The private commercial path, with an invitation by e-mail, is in cases.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signInDemo, takeStep, fileJointDocument } from './harness.mjs';

let server, browser, counsel, other, registrar;
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  // Each signs in once: a second-factor code is accepted only once.
  counsel = await (await browser.newContext()).newPage();
  await signInDemo(counsel, server.base, 'counsel@meridian-law.example');
  other = await (await browser.newContext()).newPage();
  await signInDemo(other, server.base, 'respondent.counsel@harbour-chambers.example');
  registrar = await (await browser.newContext()).newPage();
  await signInDemo(registrar, server.base, 'registrar@iomed.example');
});
after(async () => { await browser?.close(); await server?.stop(); });

async function party(page, n, fields) {
  const group = page.getByRole('group', { name: `Party ${n}` });
  await group.getByLabel('Kind of party').selectOption(fields.kind);
  if (fields.state) await group.getByLabel('State (for a State party)').fill(fields.state);
  if (fields.name) await group.getByLabel('Name', { exact: true }).fill(fields.name);
  if (fields.nationality) await group.getByLabel('Nationality', { exact: true }).fill(fields.nationality);
  if (fields.place) await group.getByLabel('Place of business').fill(fields.place);
  await group.getByLabel('Contact (address, e-mail or telephone)').fill(fields.contact);
}

async function fileAcceptRegister(category, p1, p2, subject, title) {
  const caseUrl = await file(category, p1, p2, subject, title);
  await acceptAndRegister(caseUrl);
}

// Counsel files a request, on an offer to mediate, naming the demo respondent's counsel.
async function file(category, p1, p2, subject, title) {
  await counsel.goto(server.base + '/requests/new?lang=en');
  await counsel.getByLabel(category).check();
  await counsel.getByLabel('Summary of the issues in dispute').fill(`(Fictional browser test.) ${title}`);
  await party(counsel, 1, p1);
  await party(counsel, 2, p2);
  await counsel.getByLabel(subject).check();
  await counsel.getByLabel('An offer to mediate, to be accepted').check();
  await counsel.getByLabel('Date of the agreement or of the offer').fill('2026-10-01');
  await counsel.getByLabel(/^Consent document/).fill('Note verbale offering mediation, 1 October 2026');
  await counsel.getByLabel('Proof of your authority to represent the party').fill('Full powers, 20 September 2026');
  await counsel.getByLabel('Internal authorization of the company or organization').fill('Decision of the Ministry, 15 September 2026');
  await counsel.getByLabel('Name of the other side\'s representative').fill('Priya Raman');
  await counsel.getByLabel('E-mail of the other side\'s representative').fill('respondent.counsel@harbour-chambers.example');
  await counsel.getByLabel('Signature (type your full name)').fill('Élodie Marchand');
  await counsel.getByRole('button', { name: 'File the request' }).click();
  await counsel.getByRole('button', { name: 'Confirm: File the request' }).click();
  await counsel.waitForURL(/\/cases\/\d+\/receipt$/);
  const caseUrl = counsel.url().replace(/\/receipt$/, '');
  await counsel.goto(caseUrl);
  assert.match(await counsel.locator('h1').textContent(), title);
  return caseUrl;
}

async function acceptAndRegister(caseUrl) {
  await other.goto(caseUrl + '?lang=en');
  await takeStep(other, 'Accept the offer to mediate');
  assert.match(await other.getByRole('status').textContent(), /the offer to mediate was accepted/);
  // The accepted offer is the consent; each side files its proof of authority (W4).
  await fileJointDocument(counsel, caseUrl, 'proof_of_authority', 'Full powers of the agent');
  await fileJointDocument(other, caseUrl, 'proof_of_authority', 'Letter of appointment of the agent');

  await registrar.goto(caseUrl + '?lang=en');
  await takeStep(registrar, 'Record the lodging fee as paid');
  // Pakistan's date of entry into force is not on record: the case is discretionary (E4), and
  // the registrar names the Governing Council rule relied on.
  assert.match(await registrar.locator('.outcome').textContent(), /under rules of the Governing Council/);
  await registrar.getByLabel('Governing Council rule relied on').fill('Fictional rule GC/2026/1 on non-Contracting States');
  await takeStep(registrar, 'Register the request');
  assert.match(await registrar.locator('.lead').textContent(), /IOMed\/\d{4}\/\d{4}.*Registered/s);
}

test('a dispute between two States is filed, accepted and registered', async () => {
  await fileAcceptRegister(
    'Between States',
    { kind: 'state', state: 'China', contact: 'Ministry of Foreign Affairs, Beijing' },
    { kind: 'state', state: 'Pakistan', contact: 'Ministry of Foreign Affairs, Islamabad' },
    'Water',
    /China v\. Pakistan/,
  );
});

test('a dispute between a State and a national of another State is filed, accepted and registered', async () => {
  await fileAcceptRegister(
    'Between a State and a national of another State',
    { kind: 'company', name: 'Rift Valley Geothermal Ltd', nationality: 'Kenya', place: 'Kenya', contact: 'legal@riftgeo.example' },
    { kind: 'state', state: 'Pakistan', contact: 'Board of Investment, Islamabad' },
    'Investment',
    /Rift Valley Geothermal Ltd v\. Pakistan/,
  );
});

test('the other side declines one offer; counsel withdraws another request', async () => {
  const parties = [
    { kind: 'company', name: 'Mekong Rice Traders Co', nationality: 'Laos', place: 'Laos', contact: 'legal@mekongrice.example' },
    { kind: 'company', name: 'Danube Mills GmbH', nationality: 'Austria', place: 'Austria', contact: 'recht@danubemills.example' },
  ];
  const declined = await file('International commercial, between private parties', ...parties, 'Trade', /Mekong Rice Traders Co v\. Danube Mills GmbH/);
  await other.goto(declined + '?lang=en');
  await takeStep(other, 'Decline the offer to mediate');
  assert.match(await other.locator('.lead').textContent(), /Closed: the offer to mediate was declined/);
  assert.equal(await other.getByRole('button', { name: 'Accept the offer to mediate' }).count(), 0);

  const withdrawn = await file('International commercial, between private parties', ...parties, 'Trade', /Mekong Rice Traders Co v\. Danube Mills GmbH/);
  await counsel.goto(withdrawn + '?lang=en');
  await takeStep(counsel, 'Withdraw');
  assert.match(await counsel.locator('.lead').textContent(), /Closed: withdrawn before registration/);
  assert.match(await counsel.locator('.history').textContent(), /Withdrawn\./);
});
