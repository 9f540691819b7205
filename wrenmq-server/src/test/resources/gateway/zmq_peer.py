"""A ZeroMQ peer on libzmq (Debian's python3-zmq) for the gateway tests.

It binds a PUB and a SUB (subscribed to everything) on ephemeral loopback ports and prints
"PORTS <pub> <sub>". Then it publishes "<prefix> libzmq <n>" on its PUB every 50 ms (the gateway's SUB
joins late: ZeroMQ's slow joiner) until its SUB receives one message, prints that message's frames as
"RECV <hex frame>|<hex frame>..." and exits 0. It gives up after the timeout (exit 1), so it always ends.
"""
import sys
import time

import zmq

prefix = sys.argv[1]
timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0

ctx = zmq.Context()
pub = ctx.socket(zmq.PUB)
pub.setsockopt(zmq.LINGER, 0)
pub_port = pub.bind_to_random_port("tcp://127.0.0.1")
sub = ctx.socket(zmq.SUB)
sub.setsockopt(zmq.LINGER, 0)
sub.setsockopt(zmq.SUBSCRIBE, b"")
sub_port = sub.bind_to_random_port("tcp://127.0.0.1")
print("PORTS %d %d" % (pub_port, sub_port), flush=True)

deadline = time.monotonic() + timeout
n = 0
while time.monotonic() < deadline:
    pub.send(("%s libzmq %d" % (prefix, n)).encode())
    n += 1
    if sub.poll(50):
        frames = sub.recv_multipart()
        print("RECV " + "|".join(f.hex() for f in frames), flush=True)
        ctx.destroy(0)
        sys.exit(0)
print("TIMEOUT", flush=True)
ctx.destroy(0)
sys.exit(1)
