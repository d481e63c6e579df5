// A request's annexes, attached while drafting: several files at once, each row with its type and
// language chosen from lists; a row without a type is refused with nothing kept; an annex taken
// off; the section in French and Chinese; filing puts them in the joint case file, where the
// receipt and the screening list find them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, startBrowser, axeViolations, signInDemo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const file = (name, text) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(`(Fictional demonstration document.) ${text}`) });

test('counsel attaches annexes while drafting and files them with the request', async () => {
  const counsel = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(counsel, server.base, 'counsel@meridian-law.example');
  await counsel.goto(server.base + '/requests/new?lang=en');
  // Before the draft is saved, the page says how to attach.
  assert.match(await counsel.locator('#annexes').textContent(), /Save the draft to attach its annexes/);
  await counsel.getByLabel('International commercial, between private parties').check();
  await counsel.getByLabel('Summary of the issues in dispute').fill('Late delivery of desalination membranes.');
  const p1 = counsel.getByRole('group', { name: 'Party 1' });
  await p1.getByLabel('Kind of party').selectOption('company');
  await p1.getByLabel('Name', { exact: true }).fill('Lagoon Water Systems Pte Ltd');
  await p1.getByLabel('Nationality', { exact: true }).fill('Singapore');
  await p1.getByLabel('Place of business').fill('SGP');
  await p1.getByLabel('Contact (address, e-mail or telephone)').fill('legal@lagoonwater.example');
  const p2 = counsel.getByRole('group', { name: 'Party 2' });
  await p2.getByLabel('Kind of party').selectOption('company');
  await p2.getByLabel('Name', { exact: true }).fill('Membranas del Sur SA');
  await p2.getByLabel('Nationality', { exact: true }).fill('Chile');
  await p2.getByLabel('Place of business').fill('Chile');
  await p2.getByLabel('Contact (address, e-mail or telephone)').fill('legal@membranas.example');
  await counsel.getByLabel('Trade').check();
  await counsel.getByLabel('A prior agreement to mediate').check();
  await counsel.getByLabel('Date of the agreement or of the offer').fill('2026-06-01');
  await counsel.getByLabel(/^Consent document/).fill('Supply contract, clause 18 (mediation by IOMed)');
  await counsel.getByLabel('Proof of your authority to represent the party').fill('Power of attorney, 2 November 2026');
  await counsel.getByLabel('Internal authorization of the company or organization').fill('Board resolution, 30 October 2026');
  await counsel.getByLabel('Name of the other side\'s representative').fill('Valentina Rojas');
  await counsel.getByLabel('E-mail of the other side\'s representative').fill('valentina@membranas.example');
  await counsel.getByLabel('Signature (type your full name)').fill('Élodie Marchand');
  await counsel.getByRole('button', { name: 'Save draft' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /Draft saved/);
  const draftUrl = counsel.url().replace(/[?#].*$/, '');

  // Two exhibits in one row, the consent in French in another.
  const row1 = counsel.getByRole('group', { name: 'Annexes, row 1' });
  await row1.getByLabel('Type', { exact: true }).selectOption('exhibit');
  await row1.getByLabel('Language', { exact: true }).selectOption('en');
  await row1.getByLabel('Files').setInputFiles([file('Exhibit C-1 delivery notes.txt', 'Delivery notes.'), file('Exhibit C-2 invoices.txt', 'Invoices.')]);
  const row2 = counsel.getByRole('group', { name: 'Annexes, row 2' });
  await row2.getByLabel('Type', { exact: true }).selectOption('consent_to_mediate');
  await row2.getByLabel('Language', { exact: true }).selectOption('fr');
  await row2.getByLabel('Files').setInputFiles([file('Clause de médiation.txt', 'Clause 18.')]);
  await counsel.getByRole('button', { name: 'Attach the files' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /Annexes attached: 3/);
  const table = counsel.getByRole('table', { name: '3 annexes' });
  assert.match(await table.textContent(), /Exhibit C-1 delivery notes.*Exhibit C-2 invoices.*Clause de médiation.*Consent to mediate.*French/s);
  assert.deepEqual(await axeViolations(counsel, 'draft with annexes'), []);
  // The owner downloads one.
  const download = counsel.waitForEvent('download');
  await counsel.getByRole('link', { name: 'Clause de médiation' }).click();
  assert.match(readFileSync(await (await download).path(), 'utf8'), /Clause 18\./);

  // A row with a file but no type: refused, with the error linked to the field; nothing kept.
  const row3 = counsel.getByRole('group', { name: 'Annexes, row 3' });
  await row3.getByLabel('Files').setInputFiles([file('Untyped.txt', 'No type.')]);
  await counsel.getByRole('button', { name: 'Attach the files' }).click();
  const alert = counsel.getByRole('alert');
  assert.match(await alert.textContent(), /The files were not attached.*Annexes, row 3: Type: missing/s);
  await alert.getByRole('link', { name: 'Annexes, row 3: Type: missing.' }).click();
  assert.equal(await counsel.evaluate(() => document.activeElement.id), 'annex-type-3');
  assert.equal(await counsel.locator('#annex-type-3').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await axeViolations(counsel, 'annex error'), []);
  await counsel.goto(draftUrl + '?lang=en');
  assert.equal(await counsel.getByRole('table', { name: '3 annexes' }).count(), 1, 'nothing of the refused upload was kept');

  // Taken off.
  await counsel.getByRole('button', { name: 'Remove Exhibit C-2 invoices' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /The annex was taken off the draft/);
  assert.equal(await counsel.getByRole('table', { name: '2 annexes' }).count(), 1);

  // In French, the same section.
  await counsel.goto(draftUrl + '?lang=fr');
  assert.match(await counsel.locator('#annexes-heading').textContent(), /Annexes/);
  assert.match(await counsel.getByRole('table', { name: '2 annexes' }).textContent(), /Consentement à la médiation|Consentement/);
  assert.deepEqual(await axeViolations(counsel, 'annexes fr'), []);
  // And in Chinese (Simplified), with its own font.
  await counsel.goto(draftUrl + '?lang=zh-Hans');
  assert.equal(await counsel.locator('#annexes-heading').textContent(), '附件');
  assert.match(await counsel.getByRole('table', { name: '2 份附件' }).textContent(), /调解同意书.*证据材料|证据材料.*调解同意书/s);
  assert.equal(await counsel.getByRole('group', { name: '第 1 行附件' }).count(), 1);
  assert.deepEqual(await axeViolations(counsel, 'annexes zh-Hans'), []);

  // Filing names them, and puts them in the joint case file.
  await counsel.goto(draftUrl + '?lang=en');
  await counsel.getByRole('button', { name: 'File the request' }).click();
  assert.match(await counsel.locator('main').textContent(), /Annexes, put in the joint case file.*Exhibit C-1 delivery notes \(Exhibit\); Clause de médiation \(Consent to mediate\)/s);
  await counsel.getByRole('button', { name: 'Confirm: File the request' }).click();
  await counsel.waitForURL(/\/cases\/\d+\/receipt$/);
  assert.match(await counsel.locator('main').textContent(), /Annexes, put in the joint case file.*Clause de médiation/s);
  const caseUrl = counsel.url().replace(/\/receipt$/, '');
  await counsel.goto(caseUrl + '/documents?lang=en');
  // Numbered in the order attached (the list shows the newest first).
  const listed = await counsel.locator('tbody').textContent();
  assert.match(listed, /Clause de médiation Joint no\. 2 · fr/);
  assert.match(listed, /Exhibit C-1 delivery notes Joint no\. 1 · en/);

  // The Secretariat's screening list finds the consent filed with the request.
  const registrar = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(registrar, server.base, 'registrar@iomed.example');
  await registrar.goto(caseUrl + '?lang=en');
  const screening = registrar.getByRole('region', { name: 'Screening before registration' });
  assert.match(await screening.textContent(), /Written consent to mediate.*Clause de médiation/s);
});
