-- Reads the report's figures for the first half of 2026 and prints a few of them.
local refer = require "refer"

return refer.plugin {
  name = "report-reader",
  description = "Prints figures from ctx.report",
  permissions = { "read:reports" },
  run = function(ctx)
    local since = refer.time { year = 2026, month = 1, day = 1 }
    local report = ctx.report { since = since, ["until"] = refer.time { year = 2026, month = 7, day = 1 } }
    print("since " .. report.period.since .. " " .. tostring(report.period.since == since))
    print("inbound " .. report.totals.inbound)
    print("median response " .. report.response.median_hours)
    print("months without visibility " .. #report.visibility.months_with_none)
    print("first on the A list " .. report.a_list.entries[1].name)
    print("broken promise " .. report.promises.broken_list[1].name)
    print("drought warning " .. tostring(report.drought.warning))
  end,
}
