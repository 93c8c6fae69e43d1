import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
const child = spawn(process.execPath, ['scripts/serve-demo.mjs'], { cwd: '/work/main', env: { ...process.env, PORT: '18123' }, stdio: ['ignore','pipe','inherit'] });
await new Promise(r => child.stdout.on('data', d => String(d).includes('callpop demo') && r()));
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--disable-dev-shm-usage'] });
try {
const page = await browser.newPage();
page.on('console', m => console.log('console', m.type(), m.text()));
await page.goto('http://127.0.0.1:18123/demo/?simulate=inbound:%2B8613900139000&lang=en');
const name = await page.waitForSelector('call-pop >>> [part~=customer] >>> #name');
await name.type('E2E 测试 x');
const html = () => page.evaluate(() => document.querySelector('call-pop').shadowRoot.querySelector('[part~=customer]').shadowRoot.innerHTML.replace(/<!--[^>]*-->/g,'').slice(0, 3000));
const btn = await page.waitForSelector('call-pop >>> [part~=customer] >>> button[type=submit]');
console.log(await btn.evaluate(b => [b.textContent, JSON.stringify(b.getBoundingClientRect())]));
await btn.click();
await new Promise(r => setTimeout(r, 1500));
console.log(await html());
} finally { await browser.close(); child.kill(); }
