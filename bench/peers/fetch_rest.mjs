// Node fetch peer of actionnode-bench's REST figure: POST {API_BASE}/meeting-tokens
// with the same body actionnode sends, CONCURRENCY requests kept in flight.
// usage: node fetch_rest.mjs API_BASE INPUTS.json CONCURRENCY N
// Like actionnode-bench, the clock starts after max(50, 2 x CONCURRENCY)
// warm-up requests, and the run stops after N more or 30 s.
import { readFileSync } from "node:fs";

const [apiBase, inputsFile, concurrencyText, countText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const warmUp = Math.max(50, 2 * concurrency);
const total = warmUp + Number(countText);
const body = JSON.stringify({ properties: JSON.parse(readFileSync(inputsFile, "utf8")) });
const headers = { "Content-Type": "application/json", Authorization: "Bearer emulator-demo-key" };
const deadline = Date.now() + 30_000;

let started = 0;
let finished = 0;
let failures = 0;
let clock = 0n;
async function worker() {
  while (started < total && Date.now() < deadline) {
    started++;
    const reply = await fetch(`${apiBase}/meeting-tokens`, { method: "POST", headers, body });
    const json = await reply.json();
    if (reply.status !== 200 || typeof json.token !== "string") failures++;
    if (++finished === warmUp) clock = process.hrtime.bigint();
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
if (failures > 0 || clock === 0n) {
  console.error(`fetch_rest: ${failures} requests failed, ${finished} finished`);
  process.exit(1);
}
const seconds = Number(process.hrtime.bigint() - clock) / 1e9;
const measured = finished - warmUp;
console.log(JSON.stringify({
  figure: `fetch_c${concurrency}`, value: Math.round((measured / seconds) * 10) / 10, unit: "tokens/s",
  iterations: measured, seconds: Math.round(seconds * 1000) / 1000,
}));
