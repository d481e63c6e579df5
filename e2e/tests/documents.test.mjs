// The case file: counsel files a caucus note through the form; the other side does not see it
// and cannot download it; both see the joint file; the page passes axe in four languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo, firstDemoCase } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a caucus note is filed on the web and stays with its side', async () => {
  const counsel = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(counsel, server.base, 'counsel@meridian-law.example');
  const caseUrl = server.base + await firstDemoCase(counsel, server.base);
  await counsel.getByRole('link', { name: /^Case file: 6 documents$/ }).click();
  await counsel.waitForURL(/\/cases\/\d+\/documents$/);
  assert.match(await counsel.locator('#list-heading').textContent(), /6 documents you may see/);
  assert.deepEqual(await axeViolations(counsel, 'case file'), []);

  // The audience is chosen explicitly, with the people who will see it named.
  const form = counsel.getByRole('region', { name: 'File a document' });
  const caucus = counsel.getByLabel('Caucus: Requesting party and the mediators');
  assert.equal(await caucus.isChecked(), false);
  const who = await counsel.locator('#who-side-requesting').textContent();
  assert.match(who, /Who will see it: /);
  await form.getByLabel('Title').fill('Fallback position on the third crane');
  await form.getByLabel('Type', { exact: true }).selectOption('note');
  await form.getByLabel('Language', { exact: true }).selectOption('en');
  await caucus.check();
  await form.getByLabel('File', { exact: true }).setInputFiles({
    name: 'fallback.txt', mimeType: 'text/plain', buffer: Buffer.from('We could take the third crane back at cost.'),
  });
  await counsel.getByRole('button', { name: 'File the document' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /The document was filed/);
  const fallback = await counsel.getByRole('link', { name: 'fallback.txt' }).getAttribute('href');
  assert.match(await counsel.locator('#list-heading').textContent(), /7 documents you may see/);
  const download = counsel.waitForEvent('download');
  await counsel.getByRole('link', { name: 'fallback.txt' }).click();
  const saved = await (await download).path();
  assert.equal((await import('node:fs')).readFileSync(saved, 'utf8'), 'We could take the third crane back at cost.');

  // The export is a zip of what counsel may see, with a signed manifest.
  const exported = counsel.waitForEvent('download');
  await counsel.getByRole('link', { name: /^Download everything you may see/ }).click();
  const zip = (await import('node:fs')).readFileSync(await (await exported).path());
  assert.equal(zip.subarray(0, 2).toString(), 'PK');
  assert.ok(zip.includes(Buffer.from('manifest.sig')));

  // Search reads titles and text, among what counsel may see.
  await counsel.getByLabel('Search titles and text').fill('third crane');
  await counsel.getByRole('button', { name: 'Show' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /1 document you may see matches/);
  assert.match(await counsel.locator('tbody').textContent(), /take the third crane back/);

  // Filing without a type keeps what was typed and says what is missing.
  await form.getByLabel('Title').fill('Second note');
  await form.getByLabel('Language', { exact: true }).selectOption('en');
  await counsel.getByLabel('Joint: everyone on the case').check();
  await form.getByLabel('File', { exact: true }).setInputFiles({ name: 'n.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await counsel.locator('#type').evaluate((el) => el.removeAttribute('required'));
  await counsel.getByRole('button', { name: 'File the document' }).click();
  assert.match(await counsel.getByRole('alert').textContent(), /Type: missing\./);
  assert.equal(await form.getByLabel('Title').inputValue(), 'Second note');

  // The other side sees the joint file and its own caucus, never this note.
  const respondent = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(respondent, server.base, 'respondent.counsel@harbour-chambers.example');
  await respondent.goto(caseUrl + '/documents?lang=en');
  const page = await respondent.content();
  assert.doesNotMatch(page, /Fallback position|fallback\.txt|Settlement range/);
  assert.match(page, /Acceptance test results, annotated/);
  assert.match(await respondent.locator('#list-heading').textContent(), /7 documents you may see/);
  await respondent.goto(caseUrl + '/documents?lang=en&q=third+crane');
  assert.match(await respondent.getByRole('status').textContent(), /0 documents you may see match/);
  const hidden = await respondent.goto(server.base + fallback);
  assert.equal(hidden.status(), 404);

  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    await respondent.goto(caseUrl + `/documents?lang=${lang}`);
    assert.deepEqual(await axeViolations(respondent, `case file ${lang}`), []);
  }

  // The demo mediator, appointed to this case, sees the caucus note and asks permission to
  // pass it on; counsel grants it; the other side then finds it in the joint file.
  const mediator = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(mediator, server.base, 'mediator@iomed.example');
  await mediator.goto(server.base + '/appointments?lang=en');
  assert.match(await mediator.locator('main').textContent(), /Accepted/);
  assert.deepEqual(await axeViolations(mediator, 'appointments'), []);
  await mediator.goto(caseUrl + '/documents?lang=en');
  const noteRow = mediator.locator('tr', { hasText: 'Fallback position on the third crane' });
  await noteRow.getByRole('button', { name: 'Ask permission to share with everyone' }).click();
  assert.match(await mediator.getByRole('status').textContent(), /Permission was asked/);
  await counsel.goto(caseUrl + '/documents?lang=en');
  const asked = counsel.locator('tr', { hasText: 'Fallback position on the third crane' });
  assert.match(await asked.textContent(), /Kwame Mensah asks permission/);
  await asked.getByRole('button', { name: 'Grant: share with everyone' }).click();
  // The grant first shows exactly the document and everyone who will see it.
  assert.equal(await counsel.getByRole('heading', { level: 1 }).textContent(), 'Check before you confirm');
  const readers = await counsel.getByRole('region', { name: 'Who will see it' }).textContent();
  assert.match(readers, /Kwame Mensah \(Mediator\)/);
  assert.match(readers, /Priya Raman \(Responding party\)/);
  assert.match(await counsel.locator('main').textContent(), /Fallback position on the third crane/);
  assert.deepEqual(await axeViolations(counsel, 'share check'), []);
  await counsel.getByRole('button', { name: 'Confirm: Grant: share with everyone' }).click();
  assert.match(await counsel.getByRole('status').textContent(), /Permission granted/);
  await respondent.goto(caseUrl + '/documents?lang=en');
  const shared = respondent.locator('tr', { hasText: 'Fallback position on the third crane' });
  assert.match(await shared.textContent(), /Passed on from a caucus, with its side's permission/);

  // Messages: the other side writes in the joint thread; counsel sees it unread, then read.
  await respondent.goto(caseUrl + '/messages?lang=en');
  assert.doesNotMatch(await respondent.content(), /caucus:requesting/);
  await respondent.getByRole('link', { name: 'Joint: everyone on the case' }).click();
  await respondent.getByLabel(/^Your message to:/).fill('Kestrel proposes an expert re-test of cranes 3 and 4.');
  await respondent.getByRole('button', { name: 'Send' }).click();
  assert.match(await respondent.getByRole('status').textContent(), /The message was sent\./);
  assert.deepEqual(await axeViolations(respondent, 'message thread'), []);
  await counsel.goto(caseUrl + '/messages?lang=en');
  // Two of the demo's messages (the Secretariat's, the other side's) and this one.
  assert.match(await counsel.locator('.threads').textContent(), /3 unread/);
  await counsel.getByRole('link', { name: 'Joint: everyone on the case' }).click();
  assert.match(await counsel.locator('.messages').textContent(), /expert re-test of cranes 3 and 4/);
  for (const lang of ['zh-Hans', 'zh-Hant', 'fr']) {
    await counsel.goto(caseUrl + `/messages/joint?lang=${lang}`);
    assert.deepEqual(await axeViolations(counsel, `message thread ${lang}`), []);
  }

  // The public panels show the demo mediator, designated by China.
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    await respondent.goto(server.base + `/panels?lang=${lang}`);
    assert.match(await respondent.locator('.members').textContent(), /Kwame Mensah/);
    assert.deepEqual(await axeViolations(respondent, `panels ${lang}`), []);
  }
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    await respondent.goto(server.base + `/neutrality?lang=${lang}`);
    assert.equal(await respondent.locator('svg[role="img"]').count() > 0, true);
    assert.deepEqual(await axeViolations(respondent, `neutrality ${lang}`), []);
  }
  await respondent.goto(server.base + '/panels?lang=en');
  await respondent.getByRole('link', { name: 'Kwame Mensah' }).click();
  assert.match(await respondent.locator('.facts').textContent(), /CHN/);
  assert.deepEqual(await axeViolations(respondent, 'panel member'), []);
});
