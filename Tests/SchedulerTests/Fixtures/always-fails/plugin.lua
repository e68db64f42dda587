local refer = require "refer"

return refer.plugin {
  name = "always-fails",
  description = "A yearly report whose service is always down",
  every = "@yearly",
  permissions = { "tasks" },
  run = function(ctx)
    ctx.tasks.add { title = "never written" }
    error("the report service is down")
  end,
}
