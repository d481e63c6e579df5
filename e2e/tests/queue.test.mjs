// The Secretariat's work queue: the registrar lands on it, follows a count to the cases waiting
// without an officer, and makes the case secretary the officer of one; the case secretary then
// finds it among their own. In English and Chinese, at 1280 and 390 px, with axe on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the registrar works from the queue and assigns a case officer', async () => {
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInDemo(page, server.base, 'registrar@iomed.example');
  await page.goto(server.base + '/home?lang=en');
  assert.equal(new URL(page.url()).pathname, '/cases', 'the Secretariat lands on its work queue');
  const queue = page.getByRole('region', { name: 'Work queue' });
  assert.match(await queue.textContent(), /Screening.*Lodging fee.*The other side’s consent.*Appointment of mediators/s);
  assert.deepEqual(await axeViolations(page, 'work queue'), []);

  // The cases waiting on screening with no officer yet.
  const line = queue.locator('tr', { hasText: 'Screening' });
  await line.locator('td[data-label="Without an officer"] a').click();
  assert.match(page.url(), /waiting=screening&officer=none/);
  assert.equal(await page.getByLabel('Waiting on').inputValue(), 'screening');
  const waiting = page.locator('#case-list tbody th a');
  assert.ok((await waiting.count()) >= 1, 'a case waits on screening without an officer');
  const href = await waiting.first().getAttribute('href');
  await waiting.first().click();

  // The registrar makes the case secretary its officer.
  await page.getByLabel('Officer of the case').selectOption({ label: 'Tomás Quispe' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  assert.match(await page.getByRole('status').textContent(), /The case officer was recorded/);
  assert.match(await page.locator('#officer-heading + p').textContent(), /Tomás Quispe follows this case/);
  assert.deepEqual(await axeViolations(page, 'case with its officer'), []);

  // Withdrawing a panel designation asks first, saying it is final; going back does nothing.
  await page.goto(server.base + '/admin/mediators?lang=en');
  const before = await page.getByRole('button', { name: 'Withdraw', exact: true }).count();
  await page.getByRole('button', { name: 'Withdraw', exact: true }).first().click();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Check before you confirm');
  assert.match(await page.locator('main').textContent(), /a withdrawn designation cannot be renewed/);
  assert.deepEqual(await axeViolations(page, 'withdrawal check'), []);
  await page.getByRole('link', { name: 'Go back without doing it' }).click();
  assert.equal(await page.getByRole('button', { name: 'Withdraw', exact: true }).count(), before);

  // The case secretary finds it among their own, in Chinese, on a phone.
  const secretary = await (await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } })).newPage();
  await signInDemo(secretary, server.base, 'case.secretary@iomed.example');
  await secretary.goto(server.base + '/cases?lang=zh-Hans');
  const mine = secretary.getByRole('region', { name: '待办工作' }).locator('tr', { hasText: '审查' });
  await mine.locator('td[data-label="由您主办"] a').click();
  const links = await secretary.locator('#case-list tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(href), `${href} in ${links.join(' | ')}`);
  assert.deepEqual(await axeViolations(secretary, 'queue zh-Hans 390'), []);
  const width = await secretary.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling: ${width}`);
});
