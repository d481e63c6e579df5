// "Can IOMed mediate this dispute?": a visitor describes a dispute with the form, no account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('an investor checks a dispute with China, then with a non-Contracting State', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/scope?lang=en');
  await page.getByLabel('Between a State and a national of another State').check();
  await page.getByLabel('Filing date').fill('2026-03-01');
  const p1 = page.getByRole('group', { name: 'Party 1' });
  await p1.getByLabel('Kind of party').selectOption('state');
  await p1.getByLabel('State (for a State party)').fill('China');
  const p2 = page.getByRole('group', { name: 'Party 2' });
  await p2.getByLabel('Kind of party').selectOption('company');
  await p2.getByLabel('Name', { exact: true }).fill('Sahel Solar Holdings Ltd');
  await p2.getByLabel('Nationality', { exact: true }).fill('KEN');
  await p2.getByLabel('Place of business').fill('Kenya');
  await page.getByLabel('Investment').check();
  await page.getByLabel('A prior agreement to mediate').check();
  await page.getByLabel('Date of the agreement or offer').fill('2026-01-10');
  await page.getByRole('button', { name: 'Check' }).click();
  assert.match(await page.getByRole('status').textContent(), /IOMed may mediate this dispute/);
  assert.match(await page.locator('.reasons').textContent(), /China is a Contracting State on the filing date/);

  // The same dispute with Switzerland, which has not signed: the Governing Council decides.
  await page.getByRole('group', { name: 'Party 1' }).getByLabel('State (for a State party)').fill('Switzerland');
  await page.getByRole('button', { name: 'Check' }).click();
  assert.match(await page.getByRole('status').textContent(), /under rules of the Governing Council/);
  await page.close();
});

test('a State typed in Chinese is found on an English page, and a misspelt one is suggested, in a summary linked to its field', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(server.base + '/scope?lang=en');
  const p1 = page.getByRole('group', { name: 'Party 1' });
  await p1.getByLabel('Kind of party').selectOption('state');
  await p1.getByLabel('State (for a State party)').fill('巴基斯坦');
  const p2 = page.getByRole('group', { name: 'Party 2' });
  await p2.getByLabel('Kind of party').selectOption('state');
  await p2.getByLabel('State (for a State party)').fill('Serbai');
  await page.getByLabel('Water').check();
  await page.getByRole('button', { name: 'Check' }).click();
  const summary = page.locator('.error-summary');
  assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem');
  const item = summary.getByRole('link');
  assert.equal(await item.count(), 1, 'Pakistan, typed in Chinese, was found');
  assert.match(await item.innerText(), /“Serbai” is not the name or code .* Did you mean “Serbia”\?/);
  const field = page.getByRole('group', { name: 'Party 2' }).getByLabel('State (for a State party)');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await item.click();
  assert.equal(new URL(page.url()).hash, '#p2_state');
  assert.deepEqual(await axeViolations(page, 'scope with an error'), []);
  await context.close();
});

test('the scope page passes axe-core WCAG 2.1 AA checks in every language, with an answer shown', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const failures = [];
  for (const lang of ['en', 'zh-Hans', 'zh-Hant', 'fr']) {
    await page.goto(`${server.base}/scope?lang=${lang}&category=state_state&p1_kind=state&p1_state=CHN&p2_kind=state&p2_state=CUB&subject=water&basis=offer`);
    failures.push(...await axeViolations(page, lang));
  }
  await context.close();
  assert.deepEqual(failures, []);
});
