/**
 * The names graph-node gives the query fields of an entity type: the type name in camelCase for the lookup by id
 * (`JourneyEvent` -> `journeyEvent`) and its plural in camelCase for the collection (`journeyEvents`, `companies`,
 * `claimBatches`). graph-node pluralizes with the Rust `Inflector` crate; the rules below are its rules.
 */

/** Words Inflector leaves alone (matched against the whole, case-sensitive name, as Inflector does). */
const UNCOUNTABLE = new Set(
  (
    "accommodation adulthood advertising advice aggression aid air aircraft alcohol anger applause arithmetic " +
    "assistance athletics bacon baggage beef biology blood botany bread butter carbon cardboard cash chalk chaos " +
    "chess crossroads countryside dancing deer dignity dirt dust economics education electricity engineering " +
    "enjoyment envy equipment ethics evidence evolution fame fiction flour flu food fuel fun furniture gallows " +
    "garbage garlic genetics gold golf gossip grammar gratitude grief guilt gymnastics happiness hardware harm hate " +
    "hatred health heat help homework honesty honey hospitality housework humour hunger hydrogen ice importance " +
    "inflation information innocence iron irony jam jewelry judo karate knowledge lack laughter lava leather " +
    "leisure lightning linguine linguini linguistics literature litter livestock logic loneliness luck luggage " +
    "macaroni machinery magic management mankind marble mathematics mayonnaise measles methane milk money mud " +
    "music mumps nature news nitrogen nonsense nurture nutrition obedience obesity oxygen pasta patience physics " +
    "poetry pollution poverty pride psychology publicity punctuation quartz racism relaxation reliability research " +
    "respect revenge rice rubbish rum safety scenery seafood seaside series shame sheep shopping sleep smoke " +
    "smoking snow soap software soil spaghetti species steam stuff stupidity sunshine symmetry tennis thirst " +
    "thunder timber traffic transportation trust underwear unemployment unity validity veal vegetation " +
    "vegetarianism vengeance violence vitality warmth wealth weather welfare wheat wildlife wisdom yoga zinc zoology"
  ).split(" "),
);

const IRREGULAR: Record<string, string> = {
  ox: "oxen",
  man: "men",
  woman: "women",
  die: "dice",
  yes: "yeses",
  foot: "feet",
  eave: "eaves",
  goose: "geese",
  tooth: "teeth",
  quiz: "quizzes",
};

/** [pattern, suffix]: the first pattern that matches keeps its first group and appends the suffix. */
const RULES: [RegExp, string][] = [
  [/(\w*eaux)$/, ""],
  [/(\w*(child))(?:ren)?$/, "ren"],
  [/(\w*(pe))(?:rson|ople)$/, "ople"],
  [/(\w*(m|l))(?:ice|ouse)$/, "ice"],
  [/(\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)$/, "ices"],
  [/(\w*(x|ch|ss|sh|zz))$/, "es"],
  [/(\w*(x|ch|ss|sh|zz)es)$/, ""],
  [/(\w*([^ch][ieo][ln]))ey$/, "ies"],
  [/(\w*([^aeiouy]|qu))y$/, "ies"],
  [/(\w*(ar|l|ea|eo|oa|hoo))f$/, "ves"],
  [/(\w*(kni|wi|li))fe$/, "ves"],
  [/(\w*)sis$/, "ses"],
  [/(\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)$/, "a"],
  [
    /(\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor))(?:a|um)$/,
    "a",
  ],
  [/(\w*(her|at|gr))o$/, "oes"],
  [/(\w*(seraph|cherub))(?:im)?$/, "im"],
  [/(\w*(alumn|alg|vertebr))(?:a|ae)$/, "ae"],
  [/(\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)$/, "i"],
  [/(\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))$/, ""],
  [/(\w*(e[mn]u))s?$/, "s"],
  [/(\w*(alias|[^aou]us|tlas|gas|ris))$/, "es"],
  [/(\w*(ax|test))is$/, "es"],
  [/(\w*([^aeiou]ese))$/, ""],
  [/(\w*)s$/, "s"],
];

export function pluralize(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  for (const [pattern, suffix] of RULES) {
    const kept = pattern.exec(word)?.[1];
    if (kept !== undefined) return kept + suffix;
  }
  return `${word}s`;
}

/** `ClaimBatch` -> `claimBatch`, `NFTOwner` -> `nftOwner`: the leading capitals become lowercase. */
export function camelCase(name: string): string {
  const lead = /^[A-Z]+(?=[A-Z][a-z])|^[A-Z]+(?![a-z])|^[A-Z]/.exec(name)?.[0] ?? "";
  return lead.toLowerCase() + name.slice(lead.length);
}

/** The query field that looks one entity up by id. */
export function singleFieldName(entity: string): string {
  return camelCase(entity);
}

/** The query field that lists entities. */
export function collectionFieldName(entity: string): string {
  return camelCase(pluralize(entity));
}
