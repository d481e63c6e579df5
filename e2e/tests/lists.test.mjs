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
  const rows = () => page.locator('#case-list tbody tr').count();
  assert.equal(await rows(), 2);
  assert.deepEqual(await axeViolations(page, 'cases'), []);
  // Next, then previous, give back the first page.
  const first = await page.locator('#case-list tbody th a').allTextContents();
  await page.getByRole('link', { name: /Next page/ }).click();
  const second = await page.locator('#case-list tbody th a').allTextContents();
  assert.notDeepEqual(second, first);
  assert.ok(second.every((t) => !first.includes(t)), 'no case twice');
  await page.getByRole('link', { name: /Previous page/ }).click();
  assert.deepEqual(await page.locator('#case-list tbody th a').allTextContents(), first);

  // Filters: registered cases only, then words of a title; the form keeps what was chosen.
  await page.goto(server.base + '/cases?lang=en');
  await page.getByLabel('Stage').selectOption('registered');
  await page.getByRole('button', { name: 'Show' }).click();
  assert.match(page.url(), /stage=registered/);
  const registered = await rows();
  assert.ok(registered >= 1);
  assert.equal(await page.getByLabel('Stage').inputValue(), 'registered');
  await page.getByLabel('Title, case number or State').fill('harbourline');
  await page.getByRole('button', { name: 'Show' }).click();
  const titles = await page.locator('#case-list tbody th a').allTextContents();
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

  // The State cases, found by a State's name in French or in Chinese (titles name States by code).
  for (const [lang, name] of [['fr', 'Chine'], ['zh-Hans', '中国']]) {
    await page.goto(server.base + `/cases?lang=${lang}&q=${encodeURIComponent(name)}`);
    const found = await page.locator('#case-list tbody th a').allTextContents();
    assert.ok(found.length >= 2 && found.every((t) => t.includes(name)), `${lang}: ${found.join(' | ')}`);
  }
  await context.close();
});

test('counsel pages through a case file, a thread and the history', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'counsel@meridian-law.example');
  const { firstDemoCase } = await import('./harness.mjs');
  const path = await firstDemoCase(page, server.base);

  // The case file, two at a time, newest first; next then previous give the first page back.
  await page.goto(server.base + path + '/documents?lang=en&limit=2');
  const titles = () => page.locator('table tbody th').evaluateAll((ths) => ths.map((th) => th.firstChild.textContent.trim()));
  const first = await titles();
  assert.equal(first.length, 2);
  assert.deepEqual(await axeViolations(page, 'documents, paged'), []);
  await page.getByRole('link', { name: /Next page/ }).click();
  const second = await titles();
  assert.ok(second.length >= 1 && second.every((t) => !first.includes(t)), `${first} | ${second}`);
  await page.getByRole('link', { name: /Previous page/ }).click();
  assert.deepEqual(await titles(), first);
  // An audience that is not one: the whole file, with the reason.
  await page.goto(server.base + path + '/documents?lang=fr&audience=everyone');
  assert.match(await page.getByRole('alert').textContent(), /audience/);

  // A thread from its latest message back: the earlier ones a link away, in the order sent.
  await page.goto(server.base + path + '/messages/joint?lang=en&limit=1');
  const latest = await page.locator('ol.messages li .body').allTextContents();
  assert.equal(latest.length, 1);
  await page.getByRole('link', { name: /Earlier messages/ }).click();
  const earlier = await page.locator('ol.messages li .body').allTextContents();
  assert.equal(earlier.length, 1);
  assert.notDeepEqual(earlier, latest);
  assert.deepEqual(await axeViolations(page, 'thread, paged'), []);
  await page.getByRole('link', { name: /Later messages/ }).click();
  assert.deepEqual(await page.locator('ol.messages li .body').allTextContents(), latest);

  // The history, oldest first, from the case's own tab.
  await page.goto(server.base + path + '?lang=en');
  await page.getByRole('navigation', { name: /case/i }).getByRole('link', { name: 'History' }).click();
  assert.match(page.url(), /\/history/);
  assert.ok(await page.locator('ol.history li').count() >= 2);
  assert.deepEqual(await axeViolations(page, 'history'), []);
  await context.close();

});
