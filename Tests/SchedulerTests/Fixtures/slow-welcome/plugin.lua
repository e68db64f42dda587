local refer = require "refer"

return refer.plugin {
  name = "slow-welcome",
  description = "Takes a second of work to welcome each new contact",
  on = { "contact.added" },
  permissions = { "tasks" },
  run = function(ctx, event)
    print("started for contact " .. event.contact_id)
    local start = os.clock()
    while os.clock() - start < 1 do end
    ctx.tasks.add { title = "Welcome contact " .. event.contact_id }
    print("finished for contact " .. event.contact_id)
  end,
}
