# A runner whose answers are valid traces padded to about 15 MB each (one observation per answer
# with a 15 MB string value): each scenario must be an ERROR that says the answer is over the cap,
# and the report must be written.
import hashlib, json, os, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
with open(os.path.join(ROOT, 'fixtures', 'features.json')) as f:
    features = sorted(json.load(f)['features'])
print(json.dumps({"protocol": "pep567-runner/1", "implementation": {"name": "large", "version": "1"}, "recorder": "x", "features": features}), flush=True)
big = "x" * (15 * 2 ** 20)
for line in sys.stdin:
    r = json.loads(line)
    s = r["scenario"]
    h = hashlib.sha256(json.dumps(s, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
    sys.stdout.write(json.dumps({"format": "pep567-trace/1", "scenario": r["id"], "scenarioHash": h, "implementation": {"name": "large", "version": "1"}, "recorder": "x",
                                 "observations": [{"task": "main", "seq": 0, "step": "/program/0", "op": "get", "value": big}]}) + "\n")
    sys.stdout.flush()
