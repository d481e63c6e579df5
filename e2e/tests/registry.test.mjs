// The public user paths of the Foundation: read about IOMed, change language, find a State in
// the registry, read its record and history, and recover from a bad filter. No JavaScript on our
// pages: every step is a link or a form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a visitor switches to 简体中文 and the choice sticks across pages', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/');
  await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
  await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: '简体中文' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.match(await page.textContent('h1'), /调解/);
  await page.getByRole('link', { name: '成员国', exact: true }).click();
  assert.equal(new URL(page.url()).pathname, '/members');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans', 'the cookie keeps the language');
  assert.equal(await page.textContent('h1'), '成员国登记册');
  await page.close();
});

test('a visitor filters the registry with the form and opens a State with its history', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/members?lang=en');
  assert.match(await page.getByRole('status').textContent(), /195 States shown/);
  await page.getByLabel('Status', { exact: true }).selectOption('contracting');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  assert.match(page.url(), /status=contracting/);
  const rows = page.locator('table.registry tbody tr');
  assert.equal(await rows.count(), 5);
  await page.getByRole('link', { name: 'China', exact: true }).click();
  assert.equal(await page.textContent('h1'), 'China CHN');
  const record = await page.locator('dl.record').textContent();
  assert.match(record, /29 August 2025/);
  assert.match(record, /Contracting State/);
  const history = page.getByRole('region', { name: 'History' });
  assert.match(await history.textContent(), /Signature recorded/);
  assert.match(await history.textContent(), /Consent to be bound recorded/);
  await page.close();
});

test('an unverified record says so', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/members/KEN?lang=fr');
  assert.match(await page.getByRole('note').textContent(), /sources que nous n’avons pas pu vérifier/);
  // Each fact says, in the reader's language, whether it is verified; the Secretariat's notes on
  // its sources (their reliability, the brief's references) are not on the public page.
  assert.match(await page.locator('main').textContent(), /Non vérifié : rapporté par la presse/);
  await page.goto(server.base + '/members/VEN?lang=zh-Hans');
  const text = await page.locator('main').textContent();
  assert.match(text, /未核实/);
  assert.doesNotMatch(text, /low reliability|domain brief|S25/);
  await page.close();
});

test('a bad filter shows the form again with the reason, and the page still works', async () => {
  const page = await browser.newPage();
  const response = await page.goto(server.base + '/members?status=ratified&group=african&lang=zh-Hant');
  assert.equal(response.status(), 400);
  assert.match(await page.getByRole('alert').textContent(), /「ratified」不是有效的地位/);
  assert.equal(await page.getByLabel('聯合國區域組').inputValue(), 'african');
  await page.getByLabel('地位', { exact: true }).selectOption('signatory');
  await page.getByRole('button', { name: '套用篩選' }).click();
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.match(await page.getByRole('status').textContent(), /顯示 \d+ 個國家/);
  await page.close();
});

test('the keyboard reaches the skip link first and it moves focus to the content', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(focused, 'Skip to content');
  assert.ok(await page.locator('a.skip').isVisible(), 'the skip link is visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await page.close();
});

test('every page passes axe-core WCAG 2.1 AA checks in every language', async () => {
  // axe is injected by the test; the pages themselves allow no script, so the CSP is bypassed here only.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const failures = [];
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    for (const path of ['/', '/members', '/members/CHN', '/members/KEN', '/members/CHE', '/api', '/nowhere']) {
      await page.goto(`${server.base}${path}?lang=${lang}`);
      failures.push(...await axeViolations(page, `${lang} ${path}`));
    }
  }
  await context.close();
  assert.deepEqual(failures, []);
});

test('a visitor follows the footer to the ledger page and reads the signing keys on a phone', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(server.base + '/members?lang=fr');
  await page.getByRole('link', { name: 'Le registre signé et ses clés' }).click();
  assert.equal(new URL(page.url()).pathname, '/ledger');
  assert.equal(await page.textContent('h1'), 'Le registre public et ses clés de signature');
  const keys = page.locator('table.stacked tbody tr');
  assert.equal(await keys.count(), 1);
  assert.match(await keys.first().textContent(), /En usage/);
  const download = page.getByRole('link', { name: /Télécharger les clés/ });
  assert.equal(await download.getAttribute('href'), '/api/v1/ledger/keys');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page is ${wide} px wide on a 390 px screen`);
  assert.deepEqual(await axeViolations(page, 'ledger fr 390'), []);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(server.base + '/ledger?lang=zh-Hant');
  assert.deepEqual(await axeViolations(page, 'ledger zh-Hant 1280'), []);
  await context.close();
});
