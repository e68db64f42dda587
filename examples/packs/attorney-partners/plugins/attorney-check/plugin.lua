-- Flags attorney partners nobody has touched in 60 days.
local refer = require "refer"

return refer.plugin {
  name = "attorney-check",
  description = "Alert when an attorney partner has not been contacted for 60 days",
  permissions = { "read:partners", "tasks" },
  every = "every day 08:00",
  run = function(ctx)
    local limit = ctx.now - refer.days(60)
    for p in ctx.partners { category = "attorney" } do
      if p.last_touch == nil or p.last_touch < limit then
        ctx.tasks.add { title = "Reconnect with " .. p.name .. " (no contact for 60 days)" }
      end
    end
  end,
}
