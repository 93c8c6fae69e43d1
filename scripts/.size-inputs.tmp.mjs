// Prints eager inputs of one entry grouped
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
const entry = process.argv[2] ?? './components/define.ts';
const depth = Number(process.argv[3] ?? 2);
const r = await build({ entryPoints:[entry], bundle:true, minify:true, format:'esm', platform:'browser', target:'es2022', splitting:true, outdir:'/tmp/sz-out', write:false, metafile:true, define:{'process.env.NODE_ENV':'"production"'}, conditions:['browser','production'], logLevel:'silent', absWorkingDir: process.cwd()});
const outs=r.metafile.outputs; const ek=Object.keys(outs).find(k=>outs[k].entryPoint);
const eager=new Set(); const q=[ek]; while(q.length){const k=q.shift(); if(eager.has(k))continue; eager.add(k); for(const i of outs[k].imports) if(i.kind==='import-statement') q.push(i.path);}
const g=new Map();
for(const k of eager) for(const [p,i] of Object.entries(outs[k].inputs)){ const parts=p.split('/'); const key=p.startsWith('node_modules')? parts.slice(0, parts[1].startsWith('@')?3:2).join('/') : parts.slice(0,depth).join('/'); g.set(key,(g.get(key)??0)+i.bytesInOutput);}
console.log([...g].sort((a,b)=>b[1]-a[1]).map(([k,v])=>`${String(v).padStart(7)} ${k}`).join('\n'));
if (process.argv[4]) for(const k of eager) for(const [p,i] of Object.entries(outs[k].inputs)) if(p.includes(process.argv[4])) console.log(i.bytesInOutput, p);
