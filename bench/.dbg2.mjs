import { build } from 'esbuild';
const r = await build({ stdin: { contents: "export * from './src/smart-fill/numbers.ts'; export * from './src/smart-fill/amounts.ts'; export * from './src/smart-fill/text.ts';", resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'esm', write: false, platform: 'neutral' });
const m = await import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
console.log(m.parseChineseNumber('二百四十八'), m.parseChineseNumber('一万二'));
const us = m.prepareSegments([{id:'a',callId:'c',speaker:'agent',text:process.argv[2],final:true,seq:1,at:''}]);
console.log(JSON.stringify(m.amountCandidates(us).map(c=>[c.key,c.confidence])));
