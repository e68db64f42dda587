-- Copied into a test practice under many names: NAME is replaced by the folder's name.
local refer = require "refer"

return refer.plugin {
  name = "NAME",
  description = "Adds one task per hourly run, titled after the plugin",
  every = "@hourly",
  permissions = { "tasks" },
  run = function(ctx)
    ctx.tasks.add { title = "NAME ran at " .. ctx.now }
  end,
}
