# A runner that answers one request (through the real recorder) and then, by argv[1], exits
# ("exit") or closes its input and lingers ("close-stdin"): the next request is never heard, and
# must not be charged to the next scenario.
import os, subprocess, sys, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..')
rec = subprocess.Popen([sys.executable, os.path.join(ROOT, 'reference', 'recorder.py'), '--serve'],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def relay():
    line = rec.stdout.readline()
    sys.stdout.write(line)
    sys.stdout.flush()
    return line
relay()  # the handshake
rec.stdin.write(sys.stdin.readline())
rec.stdin.flush()
while '"observation"' in relay():
    pass
rec.kill()
if sys.argv[1] == 'exit':
    sys.exit(0)
os.close(0)
time.sleep(600)
