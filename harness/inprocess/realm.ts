/**
 * In process, an implementation shares the harness's realm: a property it adds to
 * Object.prototype (or Array.prototype) is "inherited" by every plain object the harness reads
 * results from, so `Object.prototype.failure = {status: 'PASS'}` once turned FAILs into PASSes.
 * The harness reads results as own properties (run/scenario.ts), and after each in-process scenario
 * this check compares those two prototypes with what they held when the harness loaded, before
 * any implementation: a property added since is deleted again and named, and the scenario is an
 * ERROR. The host (the default) needs none of this: its realm is another process.
 */
const WATCHED: [string, object][] = [['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype]];
const BASELINE = WATCHED.map(([, proto]) => new Set(Reflect.ownKeys(proto)));

/** The properties added to the watched prototypes since the harness loaded, each removed where it can be; [] when none. */
export function undoPrototypeChanges(): string[] {
  const added: string[] = [];
  WATCHED.forEach(([name, proto], i) => {
    const keys = Reflect.ownKeys(proto);
    if (keys.length === BASELINE[i]!.size) return;
    for (const k of keys) {
      if (BASELINE[i]!.has(k)) continue;
      added.push(`${name}.${typeof k === 'symbol' ? k.toString() : k}`);
      Reflect.deleteProperty(proto, k);
    }
  });
  return added;
}
