-- wrk script of bench/tests_load.sh: every request as the next participant of the prepared list
-- (tests_load_prep's lines "TOKEN<TAB>CSRF<TAB>BODY", dealt round-robin to wrk's threads).
-- Env: MODE fetch (GET /ujian/TEST, gzip) or submit (POST /api/v1/tests/TEST/submit, JSON);
-- PREP the prepared file; TEST the test id; THREADS wrk's -t; ACK_DIR (submit) where each thread
-- writes the attempt ids acknowledged with 200 and "duplicate":false, one per line.
local mode = os.getenv("MODE") or "fetch"
local test = os.getenv("TEST")
local nthreads = tonumber(os.getenv("THREADS") or "2")
local threads, next_id = {}, 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local rows, at = {}, 0
acked, dups, wrapped, failed = 0, 0, 0, 0
local ack

function init(args)
  local n = 0
  for line in io.lines(os.getenv("PREP")) do
    if n % nthreads == id - 1 then
      local tok, csrf, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
      rows[#rows + 1] = {tok, csrf, body}
    end
    n = n + 1
  end
  if mode == "submit" and os.getenv("ACK_DIR") then
    ack = io.open(os.getenv("ACK_DIR") .. "/acked-" .. id .. ".txt", "w")
    ack:setvbuf("line")
  end
end

function request()
  at = at + 1
  if at > #rows then
    at = 1
    wrapped = wrapped + 1
  end
  local r = rows[at]
  if mode == "fetch" then
    return wrk.format("GET", "/ujian/" .. test,
                      {["Cookie"] = "bimtek_session=" .. r[1], ["Accept-Encoding"] = "gzip"})
  end
  return wrk.format("POST", "/api/v1/tests/" .. test .. "/submit",
                    {["Cookie"] = "bimtek_session=" .. r[1], ["X-CSRF-Token"] = r[2],
                     ["Content-Type"] = "application/json"}, r[3])
end

if mode == "submit" then
  function response(status, headers, body)
    if status ~= 200 then
      failed = failed + 1
    elseif body:find('"duplicate":true', 1, true) then
      dups = dups + 1
    else
      acked = acked + 1
      if ack then ack:write(body:match('"id":(%d+)') or "?", "\n") end
    end
  end
end

function done(summary, latency, requests)
  local a, d, w, f = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + (t:get("acked") or 0)
    d = d + (t:get("dups") or 0)
    w = w + (t:get("wrapped") or 0)
    f = f + (t:get("failed") or 0)
  end
  io.write(string.format("LUA acked %d duplicates %d failed %d wrapped %d p99_ms %.1f\n",
                         a, d, f, w, latency:percentile(99) / 1000))
end
