-- wrk script of the intake bench (IntakeBench). Arguments: path, events directory, delay (ms
-- between requests on one connection; 0 = as fast as answered), and where each thread starts in
-- its file ("n1,n2": a run that goes on from an earlier one sends new events). Each thread posts its
-- own file of pre-signed events ("signature<TAB>body" per line), one after the other, wrapping
-- around when it runs out. Reading the answers costs wrk as much CPU as a small server does, so this script
-- counts 2xx answers only (wrk's own count); intake-counting.lua adds a look at each answer's body.
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
  start = 0
  local n = 0
  for offset in string.gmatch(args[4] or "", "%d+") do
    n = n + 1
    if n == id then start = tonumber(offset) end
  end
  signatures, bodies = {}, {}
  local file = assert(io.open(args[2] .. "/events-" .. id .. ".txt", "r"))
  for line in file:lines() do
    local tab = line:find("\t", 1, true)
    signatures[#signatures + 1] = line:sub(1, tab - 1)
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  file:close()
  events = #bodies
  sent, stored = 0, 0
end

function request()
  local i = (start + sent) % #bodies + 1
  sent = sent + 1
  return wrk.format("POST", path, {["Content-Type"] = "application/json",
    ["X-Webhook-Signature-256"] = signatures[i]}, bodies[i])
end

function done(summary, latency, requests)
  local all_stored, all_events, sent_each = 0, 0, {}
  for _, thread in ipairs(threads) do
    all_stored = all_stored + thread:get("stored")
    all_events = all_events + thread:get("events")
    sent_each[#sent_each + 1] = tostring(thread:get("sent"))
  end
  local e = summary.errors
  io.write(string.format("INTAKE requests=%d duration_us=%d ok=%d stored=%d events=%d p50_us=%d p99_us=%d sent=%s\n",
    summary.requests, summary.duration, summary.requests - e.status, all_stored, all_events,
    latency:percentile(50), latency:percentile(99), table.concat(sent_each, ",")))
end
