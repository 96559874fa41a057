// A fast OpenAI-compatible fake upstream for the streaming benchmark (Node's http module, one
// event loop): POST /v1/chat/completions streams like a model server, GET /v1/models lists.
// A model named "...-drip-N-M" streams N one-word tokens M ms apart; the stream then sends the
// finish chunk, the usage chunk and [DONE], as vLLM does with include_usage.
// GET /v1/models lists bench-fast and any further model names given after the port, so the
// gateway's start-up model check passes.
// Run: node bench/stream/fake-upstream.mjs [port] [model ...]
import http from 'node:http';

const port = Number(process.argv[2] ?? 18100);
const DRIP = /-drip-(\d+)-(\d+)$/;
const MODELS = JSON.stringify({
  object: 'list',
  data: ['bench-fast', ...process.argv.slice(3)].map((id) => ({ id, object: 'model', owned_by: 'bench' })),
});

function chunk(model, delta, finish) {
  return `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"${model}",`
    + `"choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}\n\n`;
}

function stream(res, model, count, gap) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.write(chunk(model, '{"role":"assistant","content":""}', 'null'));
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < count) {
      res.write(chunk(model, '{"content":" mot"}', 'null'));
      sent++;
      return;
    }
    clearInterval(timer);
    res.write(chunk(model, '{}', '"stop"'));
    res.write(`data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"${model}",`
      + `"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${count},"total_tokens":${12 + count}}}\n\n`);
    res.end('data: [DONE]\n\n');
  }, gap);
  res.on('close', () => clearInterval(timer));
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(MODELS);
    return;
  }
  let body = '';
  req.on('data', (data) => { body += data; });
  req.on('end', () => {
    const model = (body.match(/"model"\s*:\s*"([^"]+)"/) ?? [])[1] ?? 'bench-fast';
    const drip = model.match(DRIP);
    if (/"stream"\s*:\s*true/.test(body)) {
      stream(res, model, drip ? Number(drip[1]) : 8, drip ? Number(drip[2]) : 1);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`{"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"${model}",`
      + '"choices":[{"index":0,"message":{"role":"assistant","content":"Bonjour."},"finish_reason":"stop"}],'
      + '"usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}');
  });
}).listen(port, '127.0.0.1', () => console.log(`fake upstream on http://127.0.0.1:${port}`));
