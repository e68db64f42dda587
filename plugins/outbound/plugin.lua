-- R14: recommending clients to other experts is service to the client and the
-- start of a relationship with the expert. For each outbound referral with no touch
-- with the client since it was made, a task to ask how it went; and for each expert
-- who is not a partner yet, a task to propose a partnership.
local refer = require "refer"

-- Outbound referrals made in the last this many days are followed.
local LOOKBACK_DAYS = 180
-- Days after sending before the follow-up with the client is due.
local FOLLOW_UP_AFTER_DAYS = 14

local function followed_up(ctx, r)
  for t in ctx.touches { contact = r.prospect_id, since = r.arrived_at } do
    if t.at <= ctx.now then return true end
  end
  return false
end

return refer.plugin {
  name = "outbound",
  description = "Follow up the clients sent to other experts, and propose partnership to those experts",
  kind = "check",
  every = "every monday 08:00",
  permissions = { "read:referrals", "read:contacts", "read:touches", "read:partners", "tasks" },
  run = function(ctx)
    local proposed = {}
    for r in ctx.referrals { direction = "outbound", since = ctx.now - refer.days(LOOKBACK_DAYS) } do
      local client = r.prospect
      local expert = r.colleague or (r.partner and r.partner.contact)
      local to = expert and expert.name or "the expert"
      if ctx.now - r.arrived_at >= refer.days(FOLLOW_UP_AFTER_DAYS) and not followed_up(ctx, r) then
        ctx.tasks.add {
          title = string.format("Ask %s how it went with %s", client.name, to),
          due = ctx.now, contact = client.id, referral = r.id,
          note = "Sent on " .. refer.format(r.arrived_at, "%Y-%m-%d") .. "; log the answer as a service touch.",
        }
      end
      if expert and expert.partner == nil and not proposed[expert.id] then
        proposed[expert.id] = true
        ctx.tasks.add {
          title = "Propose a referral partnership to " .. expert.name,
          due = ctx.now + refer.days(7), contact = expert.id,
          note = "We sent them " .. client.name .. "; they now know the kind of client we care about.",
        }
      end
    end
  end,
}
