// Opens N streams at once against a chat completions URL and reports, as JSON: wall time for all
// of them, events delivered and per second, the gaps between a stream's consecutive content
// events (p50, p99, max), and whether every stream arrived whole: every token, in order, usage
// last, exactly one [DONE].
// Run: node bench/stream/client.mjs <url> <model> <streams> <tokens per stream>
import http from 'node:http';

const [url, model, streamsArg, tokensArg] = process.argv.slice(2);
const streams = Number(streamsArg);
const tokens = Number(tokensArg);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const body = JSON.stringify({ model, stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Quelle temperature pour des poulets de 21 jours ?' }] });

const gaps = [];
let events = 0;
let broken = 0;
let statusErrors = 0;
const started = process.hrtime.bigint();

function run() {
  return new Promise((resolve) => {
    const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      if (res.statusCode !== 200) { statusErrors++; res.resume(); res.on('end', resolve); return; }
      let buffer = '';
      let content = 0;
      let done = 0;
      let lastEvent = null;
      let lastContentAt = null;
      let sawUsageLast = false;
      res.setEncoding('utf8');
      res.on('data', (data) => {
        buffer += data;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!event.startsWith('data: ')) continue;
          const payload = event.slice(6);
          events++;
          if (payload === '[DONE]') { done++; sawUsageLast = lastEvent !== null && lastEvent.includes('"usage"'); continue; }
          lastEvent = payload;
          if (payload.includes('"content":" mot"')) {
            const now = process.hrtime.bigint();
            if (lastContentAt !== null) gaps.push(Number(now - lastContentAt) / 1e6);
            lastContentAt = now;
            content++;
          }
        }
      });
      res.on('end', () => {
        if (content !== tokens || done !== 1 || !sawUsageLast) broken++;
        resolve();
      });
      res.on('error', () => { broken++; resolve(); });
    });
    req.on('error', () => { broken++; resolve(); });
    req.end(body);
  });
}

await Promise.all(Array.from({ length: streams }, run));
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
gaps.sort((a, b) => a - b);
const pct = (p) => (gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] : 0);
console.log(JSON.stringify({ streams, wallMs: Math.round(wallMs), events, eventsPerSecond: Math.round(events / (wallMs / 1000)),
  gapP50: +pct(0.5).toFixed(1), gapP99: +pct(0.99).toFixed(1), gapMax: +(gaps.at(-1) ?? 0).toFixed(1),
  broken, statusErrors }));
