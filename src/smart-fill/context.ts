/**
 * Where the call is: the regions a national phone number or a bare "dollar"
 * most likely belong to, from what the call says (place names, currencies),
 * the caller's own number, the call's time zone and the workbench's default
 * country — in that order. Internal to `src/smart-fill/`.
 */
import { isPhoneRegion, parsePhone } from '../phone/phone-number.js';
import { partOf, splitByScript, type Utterance } from './text.js';


/** Words that place the customer in a region. */
const PLACE_WORDS: readonly [RegExp, string][] = [
  [/香港|港币|港元|\bhong kong\b|\bhk\$|\bhkd\b|\bkowloon\b|九龙/, 'HK'],
  [/新加坡|新币|\bsingapore\b|\bs\$|\bsgd\b/, 'SG'],
  [/台湾|台北|台币|新台币|\btaiwan\b|\btaipei\b|\bnt\$|\btwd\b/, 'TW'],
  [/澳门|\bmacau\b|\bmacao\b|\bmop\b/, 'MO'],
  [/英国|伦敦|英镑|\buk\b|\bbritain\b|\bengland\b|\bscotland\b|\bwales\b|\blondon\b|\bmanchester\b|\bbirmingham\b|\bglasgow\b|£|\bquid\b|\bgbp\b|\bpounds?\b/, 'GB'],
  [/澳洲|澳大利亚|悉尼|墨尔本|澳元|\baustralia\b|\bsydney\b|\bmelbourne\b|\bbrisbane\b|\bperth\b|\ba\$|\baud\b|\bnbn\b|\bg'day\b/, 'AU'],
  [/加拿大|多伦多|温哥华|加元|\bcanada\b|\btoronto\b|\bmontreal\b|\bottawa\b|\bcalgary\b|\bc\$|\bca\$|\bcad\b/, 'CA'],
  [/日本|东京|日元|\bjapan\b|\btokyo\b|\bosaka\b|\byen\b|\bjpy\b/, 'JP'],
  // "won" only after an amount ("50,000 won"): "I won't" is not Korea.
  [/韩国|首尔|韩元|\bkorea\b|\bseoul\b|\bkrw\b|\d\s*won\b/, 'KR'],
  [/马来西亚|吉隆坡|令吉|\bmalaysia\b|\bkuala lumpur\b|\bringgit\b|\bmyr\b/, 'MY'],
  [/爱尔兰|都柏林|\bireland\b|\bdublin\b|\bcork\b|\bgalway\b|\blimerick\b|\beircode\b/, 'IE'],
  [/新西兰|奥克兰|\bnew zealand\b|\bauckland\b|\bwellington\b|\bchristchurch\b|\bnz\$|\bnzd\b/, 'NZ'],
  [/印度|孟买|新德里|卢比|\bindia\b|\bmumbai\b|\bdelhi\b|\bbangalore\b|\bbengaluru\b|\bchennai\b|\brupees?\b|\binr\b|₹/, 'IN'],
  [/南非|约翰内斯堡|开普敦|\bsouth africa\b|\bjohannesburg\b|\bcape town\b|\bdurban\b|\bpretoria\b|\brands?\b|\bzar\b/, 'ZA'],
  [/美国|纽约|洛杉矶|美元|美金|\bnew york\b|\bcalifornia\b|\btexas\b|\bchicago\b|\bseattle\b|\bboston\b|\busd\b|\bus\$/, 'US'],
];

/** IANA zones (or their prefix) to regions. */
const ZONES: readonly [RegExp, string][] = [
  [/^Asia\/(?:Shanghai|Chongqing|Chungking|Harbin|Urumqi|Kashgar)$|^PRC$/, 'CN'],
  [/^Asia\/Hong_Kong$|^Hongkong$/, 'HK'],
  [/^Asia\/Macau$|^Asia\/Macao$/, 'MO'],
  [/^Asia\/Taipei$|^ROC$/, 'TW'],
  [/^Asia\/Singapore$|^Singapore$/, 'SG'],
  [/^Asia\/Tokyo$|^Japan$/, 'JP'],
  [/^Asia\/Seoul$|^ROK$/, 'KR'],
  [/^Asia\/Kuala_Lumpur$|^Asia\/Kuching$/, 'MY'],
  [/^Europe\/(?:London|Belfast)$|^GB$/, 'GB'],
  [/^Europe\/Dublin$|^Eire$/, 'IE'],
  [/^Pacific\/(?:Auckland|Chatham)$|^NZ$/, 'NZ'],
  [/^Asia\/(?:Kolkata|Calcutta)$/, 'IN'],
  [/^Africa\/Johannesburg$/, 'ZA'],
  [/^Asia\/Manila$/, 'PH'],
  [/^Asia\/Dubai$/, 'AE'],
  [/^Australia\//, 'AU'],
  [/^America\/(?:Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Montreal|Moncton|Whitehorse|Yellowknife)$|^Canada\//, 'CA'],
  [/^America\/|^US\/|^Pacific\/Honolulu$/, 'US'],
];

export interface CallContext {
  /** Regions to read a national number in, most likely first (always ends with CN, US). */
  readonly regions: readonly string[];
  /** The regions of strong evidence (said in the call, the caller's number), most likely first. */
  readonly strong: readonly string[];
  /** The caller's own number as E.164, when it was given and is valid. */
  readonly callerE164: string | null;
}

export interface ContextInput {
  readonly timeZone?: string | undefined;
  readonly defaultCountry?: string | undefined;
  readonly callerNumber?: string | undefined;
}

/** The region a time zone is in, or null. */
export function regionOfZone(timeZone: string | undefined): string | null {
  if (typeof timeZone !== 'string') return null;
  return ZONES.find(([re]) => re.test(timeZone))?.[1] ?? null;
}

/** Regions named in the conversation, most often named first. */
/** A quick gate: any place word, without the word boundaries (a superset, checked again below). */
const ANY_PLACE = splitByScript(new RegExp(PLACE_WORDS.map(([re]) => re.source.replace(/\\b/g, '')).join('|')));

export function regionsSaid(utterances: readonly Utterance[]): string[] {
  const counts = new Map<string, number>();
  // Indexed loops here: the profile showed an iterator result allocated per segment with for…of.
  for (let i = 0; i < utterances.length; i += 1) {
    const u = utterances[i] as Utterance;
    if (u.speaker === 'bot') continue;
    const lower = u.lower;
    // The parts of the gate this segment's script can match ('£' is a place word without a letter).
    if (!partOf(ANY_PLACE, u, 0)?.test(lower) && !partOf(ANY_PLACE, u, 1, !lower.includes('£'))?.test(lower)) continue;
    for (let k = 0; k < PLACE_WORDS.length; k += 1) {
      const place = PLACE_WORDS[k] as [RegExp, string];
      if (place[0].test(lower)) counts.set(place[1], (counts.get(place[1]) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([region]) => region);
}

/** The call's context: said regions, the caller's region, the zone's, the default country, then CN and US. */
export function callContext(utterances: readonly Utterance[], input: ContextInput): CallContext {
  const out: string[] = [];
  const add = (region: string | null | undefined): void => {
    const r = typeof region === 'string' ? region.toUpperCase() : '';
    if (isPhoneRegion(r) && !out.includes(r)) out.push(r);
  };
  let callerE164: string | null = null;
  for (const region of regionsSaid(utterances)) add(region);
  if (typeof input.callerNumber === 'string' && input.callerNumber.trim() !== '') {
    const parsed = parsePhone(input.callerNumber.slice(0, 30), typeof input.defaultCountry === 'string' ? input.defaultCountry : 'CN');
    if (parsed?.valid) {
      callerE164 = parsed.e164;
      add(parsed.country);
    }
  }
  const strong = [...out];
  add(regionOfZone(input.timeZone));
  add(input.defaultCountry);
  add('CN');
  add('US');
  return { regions: out, strong, callerE164 };
}
