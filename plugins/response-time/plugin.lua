-- R4: a referred prospect who waits goes elsewhere. Flags inbound referrals still
-- `received` with no first response after LATE_HOURS, adds a task to answer them,
-- and when the practice is swamped suggests passing them on to a trusted colleague
-- (and still thanking the partner who sent them).
local refer = require "refer"

-- A referral with no first response after this many hours is late.
local LATE_HOURS = 24
-- Late by this many hours is critical rather than a warning.
local CRITICAL_HOURS = 72
-- This many referrals open at once (received, contacted or meeting) means "too busy":
-- late ones are better passed on than left waiting.
local BUSY_OPEN_REFERRALS = 8
-- The average first response is measured over this many days.
local MEASURE_DAYS = 90
-- A contact with this tag is the colleague who takes overflow work.
local OVERFLOW_TAG = "overflow"

local function hours_since(ctx, t)
  return (ctx.now - t) // 3600
end

-- The colleague tagged for overflow work, else the one the practice has sent clients
-- to most often: the natural one to pass a referral on to.
local function trusted_colleague(ctx)
  local overflow = ctx.contacts.list { tag = OVERFLOW_TAG }
  if #overflow > 0 then return overflow[1] end
  local counts, best, best_count = {}, nil, 0
  for r in ctx.referrals { direction = "outbound" } do
    if r.colleague_id then
      counts[r.colleague_id] = (counts[r.colleague_id] or 0) + 1
      if counts[r.colleague_id] > best_count then best, best_count = r.colleague_id, counts[r.colleague_id] end
    end
  end
  return best and ctx.contacts.get(best)
end

local function open_count(ctx)
  local n = 0
  for _, status in ipairs { "received", "contacted", "meeting" } do
    n = n + ctx.referrals.count { status = status, direction = "inbound" }
  end
  return n
end

-- Prints the average hours from arrival to first response, so the delay is measured,
-- not only policed.
local function report_average(ctx)
  local total, n = 0, 0
  for r in ctx.referrals { direction = "inbound", since = ctx.now - refer.days(MEASURE_DAYS) } do
    if r.first_response_at then
      total = total + (r.first_response_at - r.arrived_at)
      n = n + 1
    end
  end
  if n > 0 then
    print(string.format("average first response over %d days: %.1f hours (%d referrals)",
      MEASURE_DAYS, total / n / 3600, n))
  end
end

return refer.plugin {
  name = "response-time",
  description = "Flag referrals waiting for a first response; suggest passing them on when too busy",
  kind = "check",
  every = "every day 08:00",
  permissions = { "read", "alerts", "tasks" },
  run = function(ctx)
    report_average(ctx)
    local busy = open_count(ctx) >= BUSY_OPEN_REFERRALS
    local colleague = busy and trusted_colleague(ctx)
    for r in ctx.referrals { status = "received", direction = "inbound" } do
      local waited = hours_since(ctx, r.arrived_at)
      if r.first_response_at == nil and waited >= LATE_HOURS then
        local prospect = r.prospect.name
        local sender = r.partner and r.partner.name or "the sender"
        ctx.alerts.raise {
          code = "late-response",
          severity = waited >= CRITICAL_HOURS and "critical" or "warning",
          subject = "referral:" .. r.id,
          message = string.format("%s (referred by %s) has waited %d hours for a first response",
            prospect, sender, waited),
        }
        local waiting = string.format("Waiting %d hours since %s.", waited, refer.format(r.arrived_at))
        if busy then
          local to = colleague and colleague.name or "a trusted colleague"
          ctx.tasks.add {
            title = string.format("Too busy: pass %s on to %s, and still thank %s", prospect, to, sender),
            due = ctx.now, contact = r.prospect_id, referral = r.id, key = "pass-on/referral:" .. r.id,
            note = waiting .. " A quick hand-over serves the prospect better than a late answer.",
          }
        else
          ctx.tasks.add {
            title = string.format("Answer %s today (referred by %s)", prospect, sender),
            due = ctx.now, contact = r.prospect_id, referral = r.id, key = "answer/referral:" .. r.id,
            note = waiting,
          }
        end
      end
    end
  end,
}
