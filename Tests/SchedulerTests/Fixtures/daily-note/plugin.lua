local refer = require "refer"

return refer.plugin {
  name = "daily-note",
  description = "Adds a task each day at midnight",
  every = "@daily",
  permissions = { "tasks" },
  run = function(ctx)
    ctx.tasks.add { title = "daily note " .. ctx.now }
  end,
}
