// The case lists a page at a time: the Secretariat filters its list by stage and words and pages
// through it with previous/next links, without JavaScript; a filter that is not one shows the
// list unfiltered with the reason; the dashboard and the register page alike. Axe on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the Secretariat filters and pages through the case list', async () => {
  // The pages carry no script (the CSP forbids it): what is clicked here works without JavaScript.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'registrar@iomed.example');
  await page.goto(server.base + '/cases?lang=en&limit=2');
  const rows = () => page.locator('table tbody tr').count();
  assert.equal(await rows(), 2);
  assert.deepEqual(await axeViolations(page, 'cases'), []);
  // Next, then previous, give back the first page.
  const first = await page.locator('table tbody th a').allTextContents();
  await page.getByRole('link', { name: /Next page/ }).click();
  const second = await page.locator('table tbody th a').allTextContents();
  assert.notDeepEqual(second, first);
  assert.ok(second.every((t) => !first.includes(t)), 'no case twice');
  await page.getByRole('link', { name: /Previous page/ }).click();
  assert.deepEqual(await page.locator('table tbody th a').allTextContents(), first);

  // Filters: registered cases only, then words of a title; the form keeps what was chosen.
  await page.goto(server.base + '/cases?lang=en');
  await page.getByLabel('Stage').selectOption('registered');
  await page.getByRole('button', { name: 'Show' }).click();
  assert.match(page.url(), /stage=registered/);
  const registered = await rows();
  assert.ok(registered >= 1);
  assert.equal(await page.getByLabel('Stage').inputValue(), 'registered');
  await page.getByLabel('Title or case number').fill('harbourline');
  await page.getByRole('button', { name: 'Show' }).click();
  const titles = await page.locator('table tbody th a').allTextContents();
  assert.ok(titles.length >= 1 && titles.every((t) => /Harbourline/i.test(t)), titles.join(' | '));
  await page.getByRole('link', { name: 'Clear the filters' }).click();
  assert.ok(await rows() >= registered);

  // A filter that is not one: the list unfiltered, with the reason.
  await page.goto(server.base + '/cases?lang=en&stage=pending&limit=0');
  assert.match(await page.getByRole('alert').textContent(), /filter “stage”/);
  assert.ok(await rows() >= 1);
  assert.deepEqual(await axeViolations(page, 'cases with an error'), []);

  // The dashboard and the public register take the same links.
  await page.goto(server.base + '/secretariat/deadlines?lang=fr&limit=1');
  assert.deepEqual(await axeViolations(page, 'deadlines'), []);
  await page.goto(server.base + '/register?lang=zh-Hans&cursor=00');
  assert.match(await page.getByRole('alert').textContent(), /分页链接/);
  assert.deepEqual(await axeViolations(page, 'register'), []);
  await context.close();
});
