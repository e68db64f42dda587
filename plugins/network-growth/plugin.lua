-- R2: a network that stops growing stops referring. Counts the contacts added per
-- month over the last MONTHS complete months and flags the months with none. Months
-- before the first contact was added are not judged: they predate the practice's records.
local refer = require "refer"

-- Complete months looked back over (the month in progress is shown, not flagged).
local MONTHS = 12

return refer.plugin {
  name = "network-growth",
  description = "New contacts per month; flag months with none",
  kind = "check",
  every = "monthly on the 1st at 08:00",
  permissions = { "read:contacts", "alerts" },
  run = function(ctx)
    local earliest
    for c in ctx.contacts {} do
      if earliest == nil or c.added_at < earliest then earliest = c.added_at end
    end
    if earliest == nil then
      print("no contacts yet: add them with `refer contact add` or `refer import`")
      return
    end
    local this_month = refer.start_of_month(ctx.now)
    local counts = {}
    for c in ctx.contacts { since = refer.add_months(this_month, -MONTHS) } do
      local m = refer.month(c.added_at)
      counts[m] = (counts[m] or 0) + 1
    end
    print(string.format("%s (so far): %d new", refer.month(this_month), counts[refer.month(this_month)] or 0))
    for i = 1, MONTHS do
      local start = refer.add_months(this_month, -i)
      if start < refer.start_of_month(earliest) then break end
      local m = refer.month(start)
      print(string.format("%s: %d new", m, counts[m] or 0))
      if not counts[m] then
        ctx.alerts.raise {
          code = "no-new-contacts", severity = i == 1 and "warning" or "info", subject = "month:" .. m,
          message = string.format("No new contact entered the network in %s", m),
        }
      end
    end
  end,
}
