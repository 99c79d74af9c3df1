-- wrk script of the polling benchmark (see poll-throughput.ts): polls as pages that keep up make them.
-- Every request asks for the ticks after the newest one any answer has shown so far (since), in the
-- server's epoch, naming one of `tabs` tabs in turn, as many open pages would: with enough tabs each
-- stays under the server's per-tab poll limit. Arguments after wrk's `--`: epoch, the newest seq when
-- the run starts, and how many tabs.
-- Prints one line at the end: POLLS answered=<n> with-ticks=<n> snapshots=<n> bytes=<n>.

local epoch
local tabs
local names = {}
local latest = 0
local turn = 0

-- Read by done() through thread:get, so global.
answered = 0
withTicks = 0
snapshots = 0

function init(args)
  epoch = args[1]
  latest = tonumber(args[2])
  tabs = tonumber(args[3])
  -- 32 characters, the length of the ids pages make (newTabId: 16 random bytes in hex).
  for i = 1, tabs do
    names[i] = string.format('benchtab%024d', i)
  end
end

function request()
  turn = turn % tabs + 1
  return wrk.format(nil, '/api/ticks?since=' .. latest .. '&epoch=' .. epoch .. '&tab=' .. names[turn])
end

function response(status, headers, body)
  answered = answered + 1
  if string.sub(body, 1, 20) == '{"kind":"snapshot","' then
    snapshots = snapshots + 1
    return
  end
  local seq = tonumber(string.match(body, '"seq":(%d+)'))
  if seq and seq > latest then
    latest = seq
  end
  if not string.find(body, '"ticks":[]', 1, true) then
    withTicks = withTicks + 1
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local totals = { answered = 0, withTicks = 0, snapshots = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format('POLLS answered=%d with-ticks=%d snapshots=%d bytes=%d\n', totals.answered, totals.withTicks, totals.snapshots, summary.bytes))
end
