// On a 390 px screen: the navigation is folded into a menu that opens without script, and the
// case file's table is a stack of cards, nothing wider than the screen. On a wide screen the
// navigation is open. Axe on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, axeViolations, signInDemo, firstDemoCase } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a phone folds the navigation and stacks the case file', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'counsel@meridian-law.example');
  const caseUrl = await firstDemoCase(page, server.base);
  await page.goto(server.base + caseUrl + '/documents?lang=en');
  const members = page.locator('.main-nav').getByRole('link', { name: 'Member States' });
  assert.equal(await members.isVisible(), false, 'folded');
  await page.locator('.main-nav summary').click();
  assert.equal(await members.isVisible(), true, 'opened by the menu');
  const wide = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(wide <= 390, `the page is ${wide} px wide`);
  const card = page.locator('table.stacked tbody tr').first();
  const box = await card.boundingBox();
  assert.ok(box.width <= 390 - 16, `a card is ${box.width} px wide`);
  // Each cell under its column's name.
  const label = await card.locator('td').last().evaluate((td) => getComputedStyle(td, '::before').content);
  assert.match(label, /File/);
  assert.deepEqual(await axeViolations(page, 'case file at 390 px'), []);
  // The registry and the case list too, in Chinese and French.
  for (const path of ['/members?lang=zh-Hans', '/cases?lang=fr']) {
    await page.goto(server.base + path);
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 390, `${path} is ${width} px wide`);
    assert.deepEqual(await axeViolations(page, `${path} at 390 px`), []);
  }
  await context.close();

  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const wide_page = await desk.newPage();
  await wide_page.goto(server.base + '/?lang=fr');
  assert.equal(await wide_page.locator('.main-nav').getByRole('link', { name: 'États membres' }).isVisible(), true);
  assert.equal(await wide_page.locator('.main-nav summary').isVisible(), false);
  await desk.close();
});

test('on a phone the Secretariat\'s lists are stacks of cards too, nothing wider than the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const page = await context.newPage();
  await signInDemo(page, server.base, 'registrar@iomed.example');
  for (const path of ['/admin/users?lang=zh-Hans', '/secretariat/deadlines?lang=fr', '/admin/mediators?lang=en', '/admin/organizations?lang=zh-Hant', '/register?lang=fr', '/account?lang=en', '/api?lang=zh-Hant']) {
    await page.goto(server.base + path);
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 390, `${path} is ${width} px wide`);
    // Each list is a stack of cards, not a table scrolled sideways.
    const cards = page.locator('table.stacked tbody tr');
    assert.ok(await cards.count() > 0, `${path} has no stacked rows`);
    const box = await cards.first().boundingBox();
    assert.ok(box.width <= 390 - 16, `${path}: a card is ${box.width} px wide`);
    assert.deepEqual(await axeViolations(page, `${path} at 390 px`), []);
  }
  await context.close();
});
