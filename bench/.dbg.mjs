import { loadEngine, loadCorpus, inputOf } from '/work/wt/smartfill/bench/smart-fill-score.mjs';
const engine = await loadEngine();
const [split, id] = process.argv.slice(2);
const { tree, conversations } = loadCorpus(split);
const c = conversations.find((x) => x.id === id);
const out = engine.smartFill(inputOf(engine, tree, c));
for (const v of out.values) console.log(v.key, JSON.stringify(v.value), v.confidence, v.segmentIds.join(','));
