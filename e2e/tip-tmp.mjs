import { chromium } from '/work/main/e2e/node_modules/playwright-core/index.mjs';
const b = await chromium.launch({executablePath:'/usr/bin/chromium', args:['--no-sandbox','--disable-gpu']});
const p = await b.newPage({viewport:{width:1280,height:900}});
await p.goto('file:///tmp/site1/hengyang-scjgj/2023/index.html');
for (const [id,fx,fy] of [['fig-hengyang-scjgj-2023-execution',0.5,0.78],['fig-hengyang-scjgj-2023-funds-sources',0.45,0.5],['fig-hengyang-scjgj-2023-funds-structure',0.3,0.3]]) {
  const el = await p.$(`[data-chart-option="${id}"]`); await el.scrollIntoViewIfNeeded();
  const bx = await el.boundingBox(); await p.mouse.move(bx.x+bx.width*fx, bx.y+bx.height*fy); await p.waitForTimeout(300);
  await el.screenshot({path:`/tmp/tip-${id}.png`});
}
await b.close();
