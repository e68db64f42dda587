-- R16: a partner who never hears what became of a referral stops sending them.
-- For every inbound referral that ended (won, lost or passed on to a colleague)
-- drafts an update to the partner who sent it: what happened to their referral.
-- Each referral's outcome is told once.
local refer = require "refer"

-- Referrals that arrived in the last this many days are looked at (a referral row
-- carries its arrival, not the day it closed).
local WINDOW_DAYS = 30

local CLOSED = { won = true, lost = true, ["passed-on"] = true }

return refer.plugin {
  name = "close-the-loop",
  description = "Tell partners what happened to the referrals they sent (won, lost or passed on)",
  kind = "outreach",
  every = "every friday 10:00",
  permissions = { "read:referrals", "read:partners", "read:contacts", "outreach" },
  run = function(ctx)
    for r in ctx.referrals { direction = "inbound", since = ctx.now - refer.days(WINDOW_DAYS) } do
      local p = CLOSED[r.status] and r.partner
      if p and p.email then
        ctx.outreach.draft {
          to = p, template = "referral-update", key = string.format("referral:%d/%s", r.id, r.status),
          data = {
            prospect = r.prospect.name,
            won = r.status == "won",
            lost = r.status == "lost",
            passed_on = r.status == "passed-on",
            colleague = r.colleague and r.colleague.name or "a trusted colleague",
            outcome = r.outcome,
          },
        }
      elseif p then
        print(string.format("%s has no email address; tell them about %s by phone", p.name, r.prospect.name))
      end
    end
  end,
}
