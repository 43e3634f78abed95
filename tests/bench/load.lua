-- wrk script for tests/bench/load.sh: POST /v1/leads with the bodies of LEADS_FILE (one per
-- line, each beginning {"id":"@ID@",), every request under an id of its own.
--   PENDING_FILE=FILE wrk -t C -c C -s tests/bench/load.lua URL -- LEADS_FILE RUN_ID
-- Run with as many threads as connections: each thread then has one connection, its request()
-- and response() alternate, and the script knows which lead each answer is for. The leads
-- still unanswered when wrk stops (in flight at the end, or cut by a socket error) are written
-- to PENDING_FILE, one body a line, for load.sh to send again as the widget's outbox would.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot read " .. tostring(args[1]))
  tails = {}
  for line in file:lines() do
    local tail = line:match('^{"id":"@ID@"(.*)$')
    if tail then
      table.insert(tails, tail)
    end
  end
  file:close()
  assert(#tails > 0, "no lead bodies in " .. args[1])
  prefix = '{"id":"' .. args[2] .. "-" .. tid .. "-"
  sent, acknowledged, failed = 0, 0, 0
  pending = nil      -- the body in flight on this thread's connection
  unanswered = {}    -- bodies sent whose answer never came (socket errors)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if pending then
    table.insert(unanswered, pending)
  end
  sent = sent + 1
  pending = prefix .. sent .. '"' .. tails[(sent % #tails) + 1]
  return wrk.format(nil, "/v1/leads", nil, pending)
end

function response(status, headers, body)
  pending = nil
  if status >= 200 and status < 300 then
    acknowledged = acknowledged + 1
  else
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write("load.lua: answer " .. status .. ": " .. body:sub(1, 200) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total_sent, total_ok, total_failed = 0, 0, 0
  local out = assert(io.open(os.getenv("PENDING_FILE") or "/dev/null", "w"))
  local unanswered_count = 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_ok = total_ok + thread:get("acknowledged")
    total_failed = total_failed + thread:get("failed")
    local lost = thread:get("unanswered")
    for _, body in ipairs(lost) do
      out:write(body, "\n")
      unanswered_count = unanswered_count + 1
    end
    local last = thread:get("pending")
    if last then
      out:write(last, "\n")
      unanswered_count = unanswered_count + 1
    end
  end
  out:close()
  local seconds = summary.duration / 1e6
  local e = summary.errors
  -- One line the shell reads: key=value pairs.
  io.write(string.format(
    "LOAD sent=%d acknowledged=%d failed=%d unanswered=%d seconds=%.3f rate=%.1f " ..
    "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    total_sent, total_ok, total_failed, unanswered_count, seconds, total_ok / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout))
end
