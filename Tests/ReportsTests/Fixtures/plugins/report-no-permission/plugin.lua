-- Asks for the report without the permission to read it.
local refer = require "refer"

return refer.plugin {
  name = "report-no-permission",
  description = "Calls ctx.report without read:reports",
  permissions = { "read:contacts" },
  run = function(ctx)
    ctx.report()
  end,
}
