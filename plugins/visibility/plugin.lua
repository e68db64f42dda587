-- R1: "at least one thing each month to stay in sight" — a talk, an article, a
-- professional meeting, community work. Counts visibility activities per month over
-- the last MONTHS complete months and flags every month that had none. Months before
-- the first activity ever logged are not judged: they predate the practice's records.
local refer = require "refer"

-- Complete months looked back over (the month in progress is shown, not flagged).
local MONTHS = 12

return refer.plugin {
  name = "visibility",
  description = "Flag every month of the last twelve with no visibility activity",
  kind = "check",
  every = "monthly on the 1st at 08:00",
  permissions = { "read:activities", "alerts" },
  run = function(ctx)
    local earliest
    for a in ctx.activities {} do
      if earliest == nil or a.at < earliest then earliest = a.at end
    end
    if earliest == nil then
      ctx.alerts.raise {
        code = "no-visibility", severity = "warning", subject = "activities",
        message = "No visibility activity logged yet: record talks, articles, meetings and community work "
          .. "with `refer activity add`",
      }
      return
    end
    local this_month = refer.start_of_month(ctx.now)
    local counts = {}
    for a in ctx.activities { since = refer.add_months(this_month, -MONTHS) } do
      local m = refer.month(a.at)
      counts[m] = (counts[m] or 0) + 1
    end
    print(string.format("%s (so far): %d", refer.month(this_month), counts[refer.month(this_month)] or 0))
    for i = 1, MONTHS do
      local start = refer.add_months(this_month, -i)
      if start < refer.start_of_month(earliest) then break end
      local m = refer.month(start)
      print(string.format("%s: %d", m, counts[m] or 0))
      if not counts[m] then
        ctx.alerts.raise {
          code = "no-visibility", severity = i == 1 and "warning" or "info", subject = "month:" .. m,
          message = string.format("No talk, article, meeting or community activity in %s", m),
        }
      end
    end
  end,
}
