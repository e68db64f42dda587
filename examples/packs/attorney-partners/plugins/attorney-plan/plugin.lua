-- Every Monday morning: a call task for each attorney partner, and an
-- introduction draft for attorneys who have never been contacted.
local refer = require "refer"

return refer.plugin {
  name = "attorney-plan",
  description = "Weekly call list and introductions for attorney partners",
  permissions = { "read:partners", "tasks", "outreach" },
  every = "every monday 09:00",
  run = function(ctx)
    for p in ctx.partners { category = "attorney" } do
      ctx.tasks.add { title = "Call " .. p.name, due = ctx.now + refer.hours(8) }
      if p.last_touch == nil then
        ctx.outreach.draft { to = p, template = "introduction", data = { partner = p.name } }
      end
    end
  end,
}
