// Appointment on the demo: on a newly registered case the parties rank candidates privately,
// the registrar appoints the candidate both accepted after the conflict checks, the mediator
// accepts with the declaration, a party challenges, the Secretary-General upholds the challenge
// and the registrar appoints a replacement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signInDemo, axeViolations, takeStep, fileJointDocument } from './harness.mjs';

let server, browser;
const pages = {};
before(async () => {
  server = await startServer();
  browser = await startBrowser();
  for (const [who, email] of [
    ['counsel', 'counsel@meridian-law.example'],
    ['other', 'respondent.counsel@harbour-chambers.example'],
    ['registrar', 'registrar@iomed.example'],
    ['sg', 'sg@iomed.example'],
    ['ines', 'mediator2@iomed.example'],
  ]) {
    pages[who] = await (await browser.newContext({ bypassCSP: true })).newPage();
    await signInDemo(pages[who], server.base, email);
  }
});
after(async () => { await browser?.close(); await server?.stop(); });

test('ranking, appointment, declaration, challenge and replacement', async () => {
  const { counsel, other, registrar, sg, ines } = pages;
  // A new request on a prior agreement, registered.
  await counsel.goto(server.base + '/requests/new?lang=en');
  await counsel.getByLabel('International commercial, between private parties').check();
  await counsel.getByLabel('Summary of the issues in dispute').fill('(Fictional browser test.) Late delivery of irrigation pumps.');
  for (const [n, name, place, contact] of [[1, 'Andes Irrigation SpA', 'Chile', 'legal@andesirrigation.example'], [2, 'Nile Pumps SAE', 'Egypt', 'legal@nilepumps.example']]) {
    const group = counsel.getByRole('group', { name: `Party ${n}` });
    await group.getByLabel('Kind of party').selectOption('company');
    await group.getByLabel('Name', { exact: true }).fill(name);
    await group.getByLabel('Nationality', { exact: true }).fill(place);
    await group.getByLabel('Place of business').fill(place);
    await group.getByLabel('Contact (address, e-mail or telephone)').fill(contact);
  }
  await counsel.getByLabel('Trade').check();
  await counsel.getByLabel('A prior agreement to mediate').check();
  await counsel.getByLabel('Date of the agreement or of the offer').fill('2026-06-01');
  await counsel.getByLabel(/^Consent document/).fill('Supply contract, clause 18');
  await counsel.getByLabel('Proof of your authority to represent the party').fill('Power of attorney, 1 September 2026');
  await counsel.getByLabel('Internal authorization of the company or organization').fill('Board minutes, 28 August 2026');
  await counsel.getByLabel('Name of the other side\'s representative').fill('Priya Raman');
  await counsel.getByLabel('E-mail of the other side\'s representative').fill('respondent.counsel@harbour-chambers.example');
  await counsel.getByLabel('Signature (type your full name)').fill('Élodie Marchand');
  await counsel.getByRole('button', { name: 'File the request' }).click();
  await counsel.getByRole('button', { name: 'Confirm: File the request' }).click();
  await counsel.waitForURL(/\/cases\/\d+\/receipt$/);
  const caseUrl = counsel.url().replace(/\/receipt$/, '');
  await counsel.goto(caseUrl);
  // What screening asks for (W4): the consent and each side's proof of authority.
  await fileJointDocument(counsel, caseUrl, 'consent_to_mediate', 'Supply contract, clause 18');
  await fileJointDocument(counsel, caseUrl, 'proof_of_authority', 'Power of attorney, 1 September 2026');
  await fileJointDocument(other, caseUrl, 'proof_of_authority', 'Power of attorney of the respondent');
  await registrar.goto(caseUrl + '?lang=en');
  await takeStep(registrar, 'Record the lodging fee as paid');
  await takeStep(registrar, 'Register the request');

  // Private rankings: counsel accepts both candidates, the other side only Inés.
  await counsel.goto(caseUrl + '/mediators?lang=en');
  await counsel.getByLabel('Kwame Mensah').fill('1');
  await counsel.getByLabel('Inés Carvajal').fill('2');
  await counsel.getByRole('button', { name: 'Save the ranking' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /Your ranking was saved/);
  assert.match(await counsel.locator('main').textContent(), /No candidate is on both sides' rankings yet/);
  await other.goto(caseUrl + '/mediators?lang=en');
  await other.getByLabel('Inés Carvajal').fill('1');
  await other.getByRole('button', { name: 'Save the ranking' }).click();
  assert.match(await other.locator('main').textContent(), /Candidates both sides ranked, best first: Inés Carvajal/);
  assert.match(await other.locator('main').textContent(), /the rankings are final/);
  assert.doesNotMatch(await other.locator('main').textContent(), /Kwame Mensah/, 'counsel\'s ranking of Kwame is not shown');
  assert.deepEqual(await axeViolations(other, 'case with rankings'), []);

  // The registrar sees the candidate search and appoints the agreed candidate.
  await registrar.goto(caseUrl + '/mediators?lang=en');
  assert.match(await registrar.locator('main').textContent(), /Candidate search/);
  await registrar.getByLabel('Appoint a mediator').selectOption({ label: 'Inés Carvajal' });
  await registrar.getByRole('button', { name: 'Run the conflict checks' }).click();
  // Check, then appoint: the conflict checks come first, and nothing is written before.
  const checks = await registrar.getByRole('region', { name: 'The conflict checks this appointment would record' }).textContent();
  assert.ok(checks.length > 0);
  assert.match(await registrar.locator('main').textContent(), /Inés Carvajal/);
  assert.deepEqual(await axeViolations(registrar, 'appointment check'), []);
  await registrar.getByRole('button', { name: 'Confirm: Appoint this mediator' }).click();
  assert.match(await registrar.getByRole('status').textContent(), /The mediator was appointed/);

  // Inés accepts with the declaration.
  await ines.goto(server.base + '/appointments?lang=en');
  const section = ines.locator('section').filter({ hasText: 'Andes Irrigation SpA' });
  await section.getByLabel('I am independent of the parties and their counsel.').check();
  await section.getByLabel('I will act impartially.').check();
  await section.getByLabel('I am available to conduct this mediation diligently.').check();
  await section.getByRole('button', { name: 'Accept and sign the declaration' }).click();
  assert.match(await ines.getByRole('status').textContent(), /you are now on the case/);

  // Counsel challenges; the other side responds; the Secretary-General upholds.
  await counsel.goto(caseUrl + '/mediators?lang=en');
  await counsel.getByLabel('Challenge this mediator: your reasons').fill('An undisclosed advisory role for Nile Pumps in 2025.');
  await counsel.getByRole('button', { name: 'Challenge the mediator' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /The challenge was made/);
  await other.goto(caseUrl + '/mediators?lang=en');
  await other.getByLabel('Your response to the challenge').fill('We were not aware of such a role.');
  await other.getByRole('button', { name: 'Send the response' }).click();
  await sg.goto(caseUrl + '/mediators?lang=en');
  await sg.getByLabel('Reasons for the decision').fill('The role should have been disclosed.');
  await sg.getByRole('button', { name: 'Uphold the challenge' }).click();
  assert.match(await sg.locator('main').textContent(), /The mediator leaves the case at once/);
  assert.deepEqual(await axeViolations(sg, 'decision check'), []);
  await sg.getByRole('button', { name: 'Confirm: Uphold the challenge' }).click();
  assert.match(await sg.getByRole('status').textContent(), /The challenge was upheld/);
  const gone = await ines.goto(caseUrl + '/mediators');
  assert.equal(gone.status(), 404);

  // The replacement follows the same path.
  await registrar.goto(caseUrl + '/mediators?lang=en');
  await registrar.getByLabel('Appoint a mediator').selectOption({ label: 'Kwame Mensah' });
  await registrar.getByRole('button', { name: 'Run the conflict checks' }).click();
  await registrar.getByRole('button', { name: 'Confirm: Appoint this mediator' }).click();
  assert.match(await registrar.locator('main').textContent(), /Kwame Mensah — Appointed, awaiting the mediator's answer/);
  assert.doesNotMatch(await registrar.locator('main').textContent(), /Awaiting your answer/);

  // The procedural history tells the appointments, the acceptance and the challenge, in Chinese.
  await counsel.goto(caseUrl + '/history?lang=zh-Hans');
  const history = await counsel.locator('ol.history').textContent();
  assert.match(history, /秘书处在冲突审查后指定 Inés Carvajal 为调解员/);
  assert.match(history, /Inés Carvajal 接受指定并签署了声明/);
  assert.match(history, /异议成立：Inés Carvajal 退出案件/);
  assert.doesNotMatch(history, /Nile Pumps/, 'the reasons stay on the mediators page');
  assert.deepEqual(await axeViolations(counsel, 'history zh-Hans'), []);
});
