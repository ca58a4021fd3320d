// Peer figure: Node's built-in fetch asking the Daily emulator for meeting
// tokens with the same body as actionnode, CONCURRENCY requests in flight.
// usage: node fetch_rest.mjs BASE_URL CONCURRENCY N
const [base, concurrencyText, countText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const count = Number(countText ?? 2000);
const body = JSON.stringify({
  properties: {
    room_name: "standup", user_name: "Alice", user_id: "user-0042", is_owner: true,
    nbf: 1893452400, exp: 1893456000, lang: "en", permissions: { canSend: ["video", "audio"] },
  },
});
let started = 0;
let failures = 0;
async function worker() {
  while (started < count) {
    started++;
    const reply = await fetch(`${base}/meeting-tokens`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer emulator-demo-key" },
      body,
    });
    const json = await reply.json();
    if (reply.status !== 200 || !json.token) failures++;
  }
}
const start = process.hrtime.bigint();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ figure: `fetch_c${concurrency}_tokens_per_s`, value: Math.round((count / seconds) * 10) / 10, unit: "tokens/s" }));
process.exit(failures === 0 ? 0 : 1);
