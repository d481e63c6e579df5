// The request path: counsel files a request on the web, the other side is invited by e-mail and
// accepts the offer, the registrar records the fee and registers; the case shows its number,
// deadlines and history; a stranger cannot tell the case exists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo, firstDemoCase, waitForMail, takeStep, fileJointDocument } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a request is filed, the other side accepts, the registrar registers', async () => {
  const counsel = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(counsel, server.base, 'counsel@meridian-law.example');
  await counsel.goto(server.base + '/cases?lang=en');
  await counsel.getByRole('link', { name: 'New request for mediation' }).click();
  await counsel.getByLabel('International commercial, between private parties').check();
  await counsel.getByLabel('Summary of the issues in dispute').fill('Unpaid invoices for solar inverters delivered in 2026.');
  const p1 = counsel.getByRole('group', { name: 'Party 1' });
  await p1.getByLabel('Kind of party').selectOption('company');
  await p1.getByLabel('Name', { exact: true }).fill('Sahel Solar Holdings Ltd');
  await p1.getByLabel('Nationality', { exact: true }).fill('Kenya');
  await p1.getByLabel('Place of business').fill('KEN');
  await p1.getByLabel('Contact (address, e-mail or telephone)').fill('legal@sahelsolar.example');
  const p2 = counsel.getByRole('group', { name: 'Party 2' });
  await p2.getByLabel('Kind of party').selectOption('company');
  await p2.getByLabel('Name', { exact: true }).fill('Orinoco Inverters SA');
  await p2.getByLabel('Nationality', { exact: true }).fill('Brazil');
  await p2.getByLabel('Place of business').fill('Brazil');
  await p2.getByLabel('Contact (address, e-mail or telephone)').fill('juridico@orinoco.example');
  await counsel.getByLabel('Trade').check();
  await counsel.getByLabel('An offer to mediate, to be accepted').check();
  await counsel.getByLabel('Date of the agreement or of the offer').fill('2026-10-01');
  await counsel.getByLabel(/^Consent document/).fill('Letter offering mediation, 1 October 2026');
  await counsel.getByLabel('Proof of your authority to represent the party').fill('Power of attorney, 20 September 2026');
  await counsel.getByLabel('Name of the other side\'s representative').fill('Rafael Souza');
  await counsel.getByLabel('E-mail of the other side\'s representative').fill('rafael@orinoco.example');
  await counsel.getByLabel('Signature (type your full name)').fill('');

  // Filing with gaps lists them all, and keeps what was typed.
  await counsel.getByRole('button', { name: 'File the request' }).click();
  const alert = await counsel.getByRole('alert').textContent();
  assert.match(alert, /Signature \(type your full name\): missing/);
  assert.match(alert, /Internal authorization of the company or organization: missing/);
  assert.equal(await counsel.getByLabel('Summary of the issues in dispute').inputValue(), 'Unpaid invoices for solar inverters delivered in 2026.');
  assert.deepEqual(await axeViolations(counsel, 'request form'), []);

  await counsel.getByLabel('Internal authorization of the company or organization').fill('Board resolution, 15 September 2026');
  await counsel.getByLabel('Signature (type your full name)').fill('Élodie Marchand');
  await counsel.getByRole('button', { name: 'File the request' }).click();
  // Check before filing: what is filed, who is invited, the fee, the time limit.
  assert.equal(await counsel.getByRole('heading', { level: 1 }).textContent(), 'Check before you confirm');
  const check = await counsel.locator('main').textContent();
  assert.match(check, /rafael@orinoco\.example/);
  assert.match(check, /The lodging fee of USD 1,000\.00 is due/);
  assert.match(check, /within 60 days/);
  assert.deepEqual(await axeViolations(counsel, 'filing check'), []);
  await counsel.getByRole('button', { name: 'Confirm: File the request' }).click();
  // The receipt: the reference, the fee and how to pay, the time limit.
  await counsel.waitForURL(/\/cases\/\d+\/receipt$/);
  assert.equal(await counsel.getByRole('heading', { level: 1 }).textContent(), 'Receipt of your request');
  assert.match(await counsel.locator('main').textContent(), /Filing reference.*USD 1,000\.00.*Answer to the offer to mediate/s);
  assert.deepEqual(await axeViolations(counsel, 'receipt'), []);
  const caseUrl = counsel.url().replace(/\/receipt$/, '');
  await counsel.goto(caseUrl + '/receipt?lang=zh-Hans');
  assert.equal(await counsel.getByRole('heading', { level: 1 }).textContent(), '请求回执');
  assert.match(await counsel.locator('main').textContent(), /USD 1,000\.00/);
  assert.deepEqual(await axeViolations(counsel, 'receipt zh-Hans'), []);
  await counsel.goto(caseUrl + '/receipt?lang=en');
  // The receipt by e-mail, with its reference (the demo's own filings have theirs too).
  await waitForMail(server.data, 'counsel@meridian-law.example', 15000, /your\s+request\s+for\s+mediation\s+was\s+filed\s+\(reference\s+\d+\)/);
  await counsel.goto(caseUrl);
  assert.match(await counsel.locator('h1').textContent(), /Sahel Solar Holdings Ltd v\. Orinoco Inverters SA/);
  assert.match(await counsel.locator('.lead').textContent(), /Offer to mediate awaiting an answer/);
  assert.match(await counsel.locator('.deadlines').textContent(), /Answer to the offer to mediate.*60 days left/s);
  assert.deepEqual(await axeViolations(counsel, 'case page'), []);

  // The other side had no account: the invitation carries a link to set a password.
  const raw = await waitForMail(server.data, 'rafael@orinoco.example');
  // The invitation is in four languages, so the body is base64-encoded UTF-8.
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const mail = /Content-Transfer-Encoding: base64/i.test(head)
    ? Buffer.from(rest.join('\n').replace(/\s+/g, ''), 'base64').toString('utf8')
    : raw.replace(/=\r?\n/g, '');
  // It names who filed, the reference and the day to answer by; nothing else of the request.
  assert.doesNotMatch(mail, /Orinoco Inverters|solar inverters/, 'the e-mail carries no case content');
  assert.match(mail, /Sahel Solar Holdings Ltd has filed a request for mediation .*\(filing reference \d+\)/s);
  assert.match(mail, /you have until \d+ \w+ \d{4} to accept or decline it/);
  assert.match(mail, /Dear Rafael Souza/);
  const link = mail.match(/http:\/\/[^\s]+\/set-password\/[0-9a-f]{64}/)[0];
  const other = await (await browser.newContext({ bypassCSP: true })).newPage();
  await other.goto(link + '?lang=en');
  await other.getByLabel('New password').fill('orinoco river inverters');
  await other.getByRole('button', { name: 'Set the password' }).click();
  await signInDemo(other, server.base, 'rafael@orinoco.example', 'orinoco river inverters');
  await other.goto(server.base + '/cases?lang=en');
  assert.match(await other.locator('tbody tr').first().textContent(), /Orinoco Inverters SA.*Your answer is needed/s);
  await other.goto(caseUrl);
  // Invited, the other side reads the request and its annexes only: no thread, no upload form.
  assert.match(await other.locator('main .notice').textContent(), /Until you accept, you see nothing else of the case/);
  await other.goto(caseUrl + '/messages');
  assert.match(await other.locator('main .notice').textContent(), /open to you once it accepts/);
  assert.equal(await other.locator('.threads').count(), 0);
  assert.deepEqual(await axeViolations(other, 'messages, invited'), []);
  await other.goto(caseUrl + '/documents');
  assert.equal(await other.locator('form[enctype="multipart/form-data"]').count(), 0, 'files nothing');
  await other.goto(caseUrl + '/messages?lang=zh-Hans');
  assert.match(await other.locator('main .notice').textContent(), /接受后，本案的消息即向您开放/);
  await other.goto(caseUrl + '?lang=en');
  // Accepting is final: the case page asks first, saying who will be told; going back does nothing.
  await other.getByRole('button', { name: 'Accept the offer to mediate', exact: true }).click();
  assert.equal(await other.getByRole('heading', { level: 1 }).textContent(), 'Check before you confirm');
  assert.ok((await other.locator('#told-heading + ul li').count()) >= 1, 'the requesting side is told');
  assert.deepEqual(await axeViolations(other, 'confirm step'), []);
  await other.getByRole('link', { name: 'Go back without doing it' }).click();
  await takeStep(other, 'Accept the offer to mediate');
  assert.match(await other.getByRole('status').textContent(), /the offer to mediate was accepted/);
  await other.goto(caseUrl + '/messages');
  assert.ok((await other.locator('.threads a').count()) >= 1, 'a party now: its threads open');

  // A stranger (another demo counsel, not on this case) gets "not found".
  const stranger = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(stranger, server.base, 'respondent.counsel@harbour-chambers.example');
  const reply = await stranger.goto(caseUrl);
  assert.equal(reply.status(), 404);

  // The registrar records the fee and registers.
  const registrar = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(registrar, server.base, 'registrar@iomed.example');
  await registrar.goto(server.base + '/secretariat/deadlines?lang=en');
  assert.match(await registrar.locator('table').textContent(), /Sahel Solar Holdings Ltd v\. China/);
  assert.deepEqual(await axeViolations(registrar, 'deadlines'), []);
  await registrar.goto(caseUrl);
  // Screening (W4): registering too early names every missing item at once, before the check
  // page, and the checklist shows each item's state.
  await registrar.getByRole('button', { name: 'Register the request', exact: true }).click();
  assert.match(await registrar.getByRole('alert').textContent(),
    /cannot be registered yet\. Missing: Lodging fee; Proof of authority of the requesting side.s representative; Proof of authority of the responding side.s representative/);
  assert.match(await registrar.locator('#screening-consent').textContent(), /offer to mediate was accepted/);
  assert.match(await registrar.locator('#screening-lodging_fee').textContent(), /Missing/);
  assert.deepEqual(await axeViolations(registrar, 'screening checklist'), []);
  await fileJointDocument(counsel, caseUrl, 'proof_of_authority', 'Power of attorney of Sahel Solar Holdings');
  await fileJointDocument(other, caseUrl, 'proof_of_authority', 'Power of attorney of Orinoco Inverters');
  await registrar.goto(caseUrl);
  assert.match(await registrar.locator('#screening-authority_responding').textContent(), /On file.*Power of attorney of Orinoco/);
  await takeStep(registrar, 'Record the lodging fee as paid');
  await takeStep(registrar, 'Register the request');
  assert.match(await registrar.locator('.lead').textContent(), /IOMed\/\d{4}\/\d{4}.*Registered/s);
  assert.match(await registrar.locator('.deadlines').textContent(), /Agreement on the number of mediators/);
  assert.match(await registrar.locator('.history').textContent(), /Request filed.*accepted the offer.*Lodging fee.*Registered as IOMed/s);
});

test('the cases pages pass axe-core WCAG 2.1 AA checks in every language', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'counsel@meridian-law.example');
  const first = await firstDemoCase(page, server.base);
  const failures = [];
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    for (const path of ['/cases', first, '/requests/new']) {
      await page.goto(`${server.base}${path}?lang=${lang}`);
      failures.push(...await axeViolations(page, `${path} ${lang}`));
    }
  }
  await context.close();
  assert.deepEqual(failures, []);
});
