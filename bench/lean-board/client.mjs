// A lean live-board load client (issue 10): N raw WebSocket connections to /hubs/board in ONE Node process, speaking
// the SignalR hub protocol (JSON or MessagePack) with as little work per delivery as possible, so that the load
// generator costs the machine far less than the server it measures.
//
//   node client.mjs --url http://127.0.0.1:5000 --token <jwt> --connections 1000 --protocol json|messagepack --warmup 10
//                   [--record <file>]
//
// stdin:  "ACK <id> <version> <monotonic ns> <elapsed ticks>" lines from the paced writer (its clock is the same
//         CLOCK_MONOTONIC as process.hrtime), then "END".
// stdout: "READY <n>" once every connection has completed its handshake; "RESULT <json>" at the end.
//
// --record (JSON only): each hub invocation, at the moment it first reached any connection, is written to <file> at the
// end, one JSON line per invocation, {"t": <ns after the first>, "text": <the invocation>}, for the bare SignalR app to
// replay (bench/BareSignalR).
// "MARK" answers "MARKED <measured deliveries> <measured acks> <WebSocket messages received by every connection>" so
// far; "DUMP <file>" writes the invocations recorded since the last dump to <file> (the same format) and answers
// "DUMPED <invocations>": an interleaved run replays phase by phase.
// Each distinct hub message is decoded once (identical messages reach every connection, whatever frames carry them).
// A frame seen before (the same batch reaching the next connection) is recognised by comparing its bytes with the
// newest distinct frames, and once every change in it is acknowledged its delivery costs no lookup at all; times are
// doubles, not BigInts. UTF-8 is not validated (the server is the one being measured, not the client).
// Latency = the moment a connection's frame arrived − the writer's acknowledgement of that (id, version).
import WebSocket from 'ws';
import { decode, encode } from '@msgpack/msgpack';
import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) =>
  (value.startsWith('--') ? [...pairs, [value.slice(2), all[i + 1]]] : pairs), []));
const base = new URL(args.url);
const token = args.token;
const connections = Number(args.connections ?? 100);
const protocol = args.protocol === 'messagepack' ? 'messagepack' : 'json';
const warmupTicks = BigInt(Math.round(Number(args.warmup ?? 10) * 1e7));
const RS = 0x1e;
const recordTo = args.record;
if (recordTo && protocol !== 'json') throw new Error('--record needs the JSON protocol');
const recorded0 = [];       // [ns, text]: each distinct hub invocation, when it first reached any connection

// ---- the clock: CLOCK_MONOTONIC (the writer's too) in ns after this process's origin, as a double (no BigInt
// arithmetic per delivery; 2^53 ns is 104 days)
const origin = process.hrtime.bigint();
const clock = () => Number(process.hrtime.bigint() - origin);

// ---- latency histogram: 0.1 ms buckets up to 30 s
const buckets = new Uint32Array(300_001);
let recorded = 0, maxNs = 0, beforeAck = 0;
function record(ns) {
  if (ns < 0) { beforeAck++; ns = 0; }
  if (ns > maxNs) maxNs = ns;
  buckets[Math.min(Math.floor(ns / 100_000), buckets.length - 1)]++;
  recorded++;
}
function percentile(p) {
  const target = Math.ceil(recorded * p / 100);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) { seen += buckets[i]; if (seen >= target && target > 0) return (i + 1) / 10; }
  return NaN;
}

// ---- acknowledgements and deliveries that arrived before their acknowledgement
const acks = new Map();      // "id\0version" -> { at: ns after origin, measured: bool }
const pending = new Map();   // "id\0version" -> [receipt ns, ...]
let measuredAcks = 0;
function delivered(key, at) {
  const ack = acks.get(key);
  if (ack) { if (ack.measured) record(at - ack.at); return; }
  const list = pending.get(key);
  if (list) list.push(at); else pending.set(key, [at]);
}
function acknowledged(id, version, atNs, elapsedTicks) {
  const key = id + '\0' + version;
  const measured = elapsedTicks >= warmupTicks;
  atNs = Number(atNs - origin);
  acks.set(key, { at: atNs, measured });
  if (measured) { measuredAcks++; if (!cpuStart) cpuStart = process.cpuUsage(); }
  const list = pending.get(key);
  if (list) { pending.delete(key); if (measured) for (const at of list) record(at - atNs); }
}

// ---- decoding, once per distinct hub message; recognising a frame seen before, by its bytes
let cache = new Map();
setInterval(() => { cache = new Map(); }, 5000).unref();
const keysOf = (changes) => changes.map(c => (c.id ?? c.Id) + '\0' + (c.version ?? c.Version));

/** One JSON hub message (a frame may carry several; how a server coalesces them differs by connection). */
function decodeJsonMessage(part) {
  if (part.charCodeAt(0) !== 123) return [];
  const message = JSON.parse(part);
  return message.type === 1 && message.target === 'recommendationChanged' ? keysOf(message.arguments[0]) : [];
}
function decodeJson(payload) {
  const keys = [];
  for (const part of payload.toString().split('\x1e')) {
    if (!part) continue;
    let found = cache.get(part);
    if (!found) { found = decodeJsonMessage(part); cache.set(part, found); }
    keys.push(...found);
  }
  return keys;
}
function decodeMessagePack(bytes) {
  const keys = [];
  let offset = 0;
  while (offset < bytes.length) {
    let length = 0, shift = 0, b;
    do { b = bytes[offset++]; length |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    const message = decode(bytes.subarray(offset, offset + length));
    offset += length;
    if (message[0] === 1 && message[3] === 'recommendationChanged') keys.push(...keysOf(message[4][0]));
  }
  return keys;
}

// The same frame reaches every connection one after another: the newest distinct frames are kept with their keys, and
// with the acknowledgements of those keys once all have arrived.
const recent = [];          // { bytes, keys, acks: [ack] | null }, newest last
const RecentFrames = 32;
function frameOf(payload, isBinary, at) {
  for (let i = recent.length - 1; i >= 0; i--) {
    const frame = recent[i];
    if (frame.bytes.length === payload.length && frame.bytes.equals(payload)) return frame;
  }
  if (recordTo) recordFirstArrivals(payload, at);
  const frame = { bytes: Buffer.from(payload), keys: isBinary ? decodeMessagePack(payload) : decodeJson(payload), acks: null };
  recent.push(frame);
  if (recent.length > RecentFrames) recent.shift();
  return frame;
}
function deliverFrame(frame, at) {
  received += frame.keys.length;
  if (frame.acks === null) {
    const found = frame.keys.map(k => acks.get(k));
    if (found.every(a => a !== undefined)) frame.acks = found;
  }
  if (frame.acks !== null) {
    for (const ack of frame.acks) if (ack.measured) record(at - ack.at);
    return;
  }
  for (const k of frame.keys) delivered(k, at);
}

// ---- --record: each hub invocation once, at the moment it first reached any connection. That is the nearest the
// viewers can see to when the server sent it: one connection's arrival times (the first connection's, as recorded
// before) include how long that connection waited behind the others, so two messages the server sent milliseconds
// apart could arrive there microseconds apart, and the bare app, replaying them that close together, sent them as one
// WebSocket message to most viewers. Invocations that first arrived in the same frame keep the same moment.
const seenInvocations = new Set(), seenOrder = [];
function recordFirstArrivals(payload, at) {
  for (const part of payload.toString().split('\x1e')) {
    if (!part.includes('"type":1') || seenInvocations.has(part)) continue;
    seenInvocations.add(part); seenOrder.push(part);
    if (seenOrder.length > 4096) seenInvocations.delete(seenOrder.shift());
    recorded0.push([at, part + '\x1e']);
  }
}

// ---- connections
const handshake = JSON.stringify({ protocol, version: 1 }) + '\x1e';
const ping = protocol === 'json' ? '{"type":6}\x1e' : (() => { const m = encode([6]); return Buffer.concat([Buffer.from([m.length]), m]); })();
const sockets = [];
let ready = 0, received = 0, closed = 0, errors = 0, firstBytes = 0, firstFrames = 0, frames = 0;
const wsUrl = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/hubs/board?access_token=${encodeURIComponent(token)}`;

function open() {
  const first = sockets.length === 0;
  return new Promise((resolve) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false, skipUTF8Validation: true });
    let handshaken = false;
    socket.on('open', () => socket.send(handshake));
    socket.on('message', (data, isBinary) => {
      const at = clock();
      let payload = data;
      if (!handshaken) {
        const end = data.indexOf(RS);
        handshaken = true; ready++; resolve();
        payload = data.subarray(end + 1);
        if (payload.length === 0) return;
      }
      frames++;
      if (first) {
        firstBytes += payload.length; firstFrames++;
      }
      deliverFrame(frameOf(payload, isBinary, at), at);
    });
    socket.on('error', () => { errors++; if (!handshaken) resolve(); });
    socket.on('close', () => { closed++; });
    sockets.push(socket);
  });
}

let cpuStart = null;
const started = clock();
for (let i = 0; i < connections; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, connections - i) }, open));
}
setInterval(() => { for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.send(ping); }, 15000).unref();
process.stdout.write(`READY ${ready} ${(clock() - started) / 1e6}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.startsWith('ACK ')) {
    const [, id, version, at, elapsed] = line.split(' ');
    acknowledged(id, version, BigInt(at), BigInt(elapsed));
  } else if (line === 'MARK') {
    // Interleaved runs (board-lean --bare --rounds): the measured deliveries so far, to take a phase's share, and the
    // WebSocket messages every connection has received (pings included).
    process.stdout.write(`MARKED ${recorded} ${measuredAcks} ${frames}\n`);
  } else if (line.startsWith('DUMP ')) {
    // Interleaved runs: the invocations recorded since the last dump, for the bare app to replay this phase.
    const frames = recorded0.splice(0);
    const first0 = frames.length ? frames[0][0] : 0;
    writeFileSync(line.slice(5), frames.map(([at, text]) => JSON.stringify({ t: Math.round(at - first0), text }) + '\n').join(''));
    process.stdout.write(`DUMPED ${frames.length}\n`);
  } else if (line === 'END') {
    // Let the last deliveries arrive, then report.
    setTimeout(() => {
      const cpu = process.cpuUsage(cpuStart ?? undefined);
      const result = {
        connections, connected: ready, protocol, measuredAcks,
        expected: measuredAcks * ready, received: recorded, beforeAck,
        unresolved: [...pending.values()].reduce((n, l) => n + l.length, 0),
        p50: percentile(50), p99: percentile(99), max: maxNs / 1e6,
        clientCpuSeconds: (cpu.user + cpu.system) / 1e6, closed, errors, firstBytes, firstFrames, rssMb: process.memoryUsage().rss / 1048576,
      };
      if (recordTo) {
        const first0 = recorded0.length ? recorded0[0][0] : 0;
        writeFileSync(recordTo, recorded0.map(([at, text]) => JSON.stringify({ t: Math.round(at - first0), text }) + '\n').join(''));
      }
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
      for (const s of sockets) s.terminate();
      process.exit(0);
    }, 3000);
  }
});
