-- R12: the cycle — a client won through a referral knows how it feels to be
-- referred well, and is the next source. Finds clients won through inbound referrals
-- in the last WINDOW_DAYS who are not partners yet and adds a task to ask them.
local refer = require "refer"

-- Referrals won within this many days (by arrival) are looked at.
local WINDOW_DAYS = 90
-- The ask comes after the client has seen the work: the task is due this many days on.
local ASK_AFTER_DAYS = 14

return refer.plugin {
  name = "cycle",
  description = "Ask clients won through referrals to become referral partners themselves",
  kind = "check",
  every = "every monday 08:00",
  permissions = { "read:referrals", "read:contacts", "read:partners", "tasks" },
  run = function(ctx)
    -- The latest won referral per client: a client won twice is asked once.
    local latest, order = {}, {}
    for r in ctx.referrals { status = "won", direction = "inbound", since = ctx.now - refer.days(WINDOW_DAYS) } do
      local known = latest[r.prospect_id]
      if not known then order[#order + 1] = r.prospect_id end
      if not known or r.arrived_at > known.arrived_at then latest[r.prospect_id] = r end
    end
    for _, id in ipairs(order) do
      local r = latest[id]
      local client = r.prospect
      if client.partner == nil then
        local by = r.partner and (" (referred by " .. r.partner.name .. ")") or ""
        ctx.tasks.add {
          title = "Ask " .. client.name .. " to become a partner",
          due = ctx.now + refer.days(ASK_AFTER_DAYS), contact = client.id, referral = r.id,
          note = "Won" .. by .. "; they know first-hand what a good referral feels like.",
        }
      end
    end
  end,
}
