-- R17: "do not ask at every meeting". Relationship touches are the ones where
-- referrals are talked about; service touches are the work itself. Warns about
-- partners who had more than MAX_ASKS relationship touches in the last WINDOW_DAYS.
local refer = require "refer"

-- Relationship touches allowed per partner within the window.
local MAX_ASKS = 3
-- The window, in days.
local WINDOW_DAYS = 90

return refer.plugin {
  name = "ask-frequency",
  description = "Warn when a partner is asked about referrals too often",
  kind = "check",
  every = "every monday 08:00",
  permissions = { "read:partners", "read:touches", "alerts" },
  run = function(ctx)
    local since = ctx.now - refer.days(WINDOW_DAYS)
    for p in ctx.partners {} do
      local asks = ctx.touches.count { contact = p.contact_id, purpose = "relationship", since = since }
      if asks > MAX_ASKS then
        local service = ctx.touches.count { contact = p.contact_id, purpose = "service", since = since }
        print(string.format("%s: %d relationship and %d service touches in %d days",
          p.name, asks, service, WINDOW_DAYS))
        ctx.alerts.raise {
          code = "asked-too-often", severity = "warning", subject = "partner:" .. p.id,
          message = string.format("%s asked too often: %d relationship touches in %d days (at most %d); %s",
            p.name, asks, WINDOW_DAYS, MAX_ASKS, "serve them for a while instead"),
        }
      end
    end
  end,
}
