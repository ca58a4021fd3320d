// Load generator of bench/run: POSTs one JSON body with autocannon and
// prints one JSON line with requests/s, latency percentiles and failures.
// usage: node load.mjs URL BODY.json CONNECTIONS SECONDS
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const [url, bodyFile, connections, seconds] = process.argv.slice(2);
// The generator's own CPU: near one core's worth, the rate is its limit, not the server's.
const cpuBefore = process.cpuUsage();
const wallBefore = process.hrtime.bigint();
const result = await autocannon({
  url,
  method: "POST",
  headers: { "content-type": "application/json" },
  body: readFileSync(bodyFile),
  connections: Number(connections),
  duration: Number(seconds),
});
const cpu = process.cpuUsage(cpuBefore);
const wallUs = Number(process.hrtime.bigint() - wallBefore) / 1000;
const failures = result.errors + result.timeouts + result.non2xx;
console.log(JSON.stringify({
  figure: "http_invoke", connections: Number(connections), value: result.requests.average,
  p50_ms: result.latency.p50, p99_ms: result.latency.p99, requests: result.requests.total, failures,
  client_cpu_share: Number(((cpu.user + cpu.system) / wallUs).toFixed(2)),
}));
if (failures > 0 || result.requests.total === 0) process.exit(1);
