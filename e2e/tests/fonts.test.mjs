// Chinese in our own fonts (kit/fonts.rs): a Traditional Chinese page is drawn in the Traditional
// face and a Simplified one in the Simplified face, each fetching only the face of the pages' own
// characters; the commoner characters people write fetch the second face; an English page fetches
// only the two four-character faces of the language switch. Chromium says which font drew a node
// (CSS.getPlatformFontsForNode): a web font of ours, not the machine's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, signInDemo, firstDemoCase } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Opens `path` and answers the font files fetched and the fonts that drew the node `selector`.
async function visit(page, path, selector) {
  const fetched = new Set();
  const listen = (r) => { const m = r.url().match(/\/static\/fonts\/([^?]+)/); if (m) fetched.add(m[1]); };
  page.on('request', listen);
  await page.goto(server.base + path);
  await page.evaluate(() => document.fonts.ready);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  page.off('request', listen);
  return { fetched: [...fetched].sort(), fonts };
}

const ours = (fonts, name) => fonts.some((f) => f.isCustomFont && f.familyName === name && f.glyphCount > 0);

test('Chinese pages are drawn in our fonts, Traditional in the Traditional face', async () => {
  // A browser of its own for each page, so that what one fetched is not counted for the next.
  const fresh = async (path, selector) => {
    const page = await browser.newPage();
    try { return await visit(page, path, selector); } finally { await page.close(); }
  };
  const hant = await fresh('/?lang=zh-Hant', 'h1');
  assert.ok(ours(hant.fonts, 'Noto Sans CJK TC'), JSON.stringify(hant.fonts));
  assert.ok(!hant.fonts.some((f) => f.familyName.includes('SC')), 'no Simplified glyph on a Traditional page');
  assert.deepEqual(hant.fetched, ['hant.woff2', 'label-hans.woff2', 'label-hant.woff2']);

  const hans = await fresh('/members?lang=zh-Hans', 'h1');
  assert.ok(ours(hans.fonts, 'Noto Sans CJK SC'), JSON.stringify(hans.fonts));
  assert.deepEqual(hans.fetched, ['hans.woff2', 'label-hans.woff2', 'label-hant.woff2']);

  // The language switch of an English page, in the two small faces only.
  const en = await fresh('/?lang=en', '.langs a[lang="zh-Hant"]');
  assert.ok(ours(en.fonts, 'Noto Sans CJK TC'), JSON.stringify(en.fonts));
  assert.deepEqual(en.fetched, ['label-hans.woff2', 'label-hant.woff2']);
});

test('what people write in Chinese fetches the face of the commoner characters', async () => {
  const page = await browser.newPage();
  await signInDemo(page, server.base, 'counsel@meridian-law.example');
  const caseUrl = await firstDemoCase(page, server.base);
  // 鲸 (whale) is in no message of the interface: the search field shows it in the second face.
  const path = caseUrl + '/documents?lang=zh-Hans&q=' + encodeURIComponent('鲸');
  const seen = await visit(page, path, 'h1');
  assert.ok(seen.fetched.includes('hans-more.woff2'), seen.fetched.join());
  await page.close();
});
