-- wrk script of the intake bench (IntakeBench). Arguments: path, events directory, delay (ms
-- between requests on one connection; 0 = as fast as answered). Each thread posts its own file of
-- pre-signed events ("signature<TAB>body" per line), one after the other, wrapping around when it
-- runs out (a repeated event is then acknowledged as a duplicate, not counted as stored).
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  pause = tonumber(args[3]) or 0
  signatures, bodies = {}, {}
  local file = assert(io.open(args[2] .. "/events-" .. id .. ".txt", "r"))
  for line in file:lines() do
    local tab = line:find("\t", 1, true)
    signatures[#signatures + 1] = line:sub(1, tab - 1)
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  file:close()
  sent, ok, stored = 0, 0, 0
end

function request()
  local i = sent % #bodies + 1
  sent = sent + 1
  return wrk.format("POST", path, {["Content-Type"] = "application/json",
    ["X-Webhook-Signature-256"] = signatures[i]}, bodies[i])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    if body:find('"status":"stored"', 1, true) then
      stored = stored + 1
    end
  end
end

function delay()
  return pause
end

function done(summary, latency, requests)
  local all_ok, all_stored = 0, 0
  for _, thread in ipairs(threads) do
    all_ok = all_ok + thread:get("ok")
    all_stored = all_stored + thread:get("stored")
  end
  local e = summary.errors
  io.write(string.format("INTAKE requests=%d duration_us=%d ok=%d stored=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, all_ok, all_stored, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(99)))
end
