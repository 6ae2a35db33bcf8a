# A runner whose handshake states version "dev" (not a Python version) and refuses every scenario.
import sys, json
print(json.dumps({"protocol":"pep567-runner/1","implementation":{"name":"cpython","version":"dev"},"recorder":"x","features":["vars","defaults","tokens"]}), flush=True)
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({"id": r["id"], "error": {"kind": "scenario-error", "message": "no"}}), flush=True)
