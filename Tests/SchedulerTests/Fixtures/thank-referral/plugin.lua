local refer = require "refer"

return refer.plugin {
  name = "thank-referral",
  description = "A task to thank the partner for each referral received",
  on = { "referral.received" },
  permissions = { "tasks" },
  run = function(ctx, event)
    assert(event.kind == "referral.received", "unexpected event " .. tostring(event.kind))
    assert(type(event.payload) == "table", "payload should be a table")
    ctx.tasks.add { title = "Thank partner " .. event.partner_id .. " for referral " .. event.referral_id,
                    referral = event.referral_id }
  end,
}
