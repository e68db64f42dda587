-- R5: referrals rarely stop all at once; they thin out. Compares the inbound
-- referrals of the last WINDOW_DAYS with the practice's usual rate over the twelve
-- months before that window, and warns when far fewer arrived than usual.
local refer = require "refer"

-- The recent window looked at.
local WINDOW_DAYS = 60
-- The usual rate is measured over this many days before the window.
local BASELINE_DAYS = 365
-- Warn when the window holds less than this share of the usual number.
local DROP_RATIO = 0.5
-- Below this many expected referrals a quiet window is normal noise, not a drought.
local MIN_EXPECTED = 2

return refer.plugin {
  name = "drought",
  description = "Warn when inbound referrals fall far below the usual rate",
  kind = "check",
  every = "every monday 08:00",
  permissions = { "read:referrals", "alerts" },
  run = function(ctx)
    local window_start = ctx.now - refer.days(WINDOW_DAYS)
    local baseline_start = window_start - refer.days(BASELINE_DAYS)
    local recent, before = 0, 0
    for r in ctx.referrals { direction = "inbound", since = baseline_start } do
      if r.arrived_at >= window_start then
        if r.arrived_at <= ctx.now then recent = recent + 1 end
      else
        before = before + 1
      end
    end
    local expected = before * WINDOW_DAYS / BASELINE_DAYS
    print(string.format("last %d days: %d inbound referrals; usual for %d days: %.1f (%d in the %d days before)",
      WINDOW_DAYS, recent, WINDOW_DAYS, expected, before, BASELINE_DAYS))
    if expected < MIN_EXPECTED or recent >= expected * DROP_RATIO then return end
    ctx.alerts.raise {
      code = "drought",
      severity = recent == 0 and "critical" or "warning",
      subject = "referrals:inbound",
      message = string.format("%s in the last %d days where %.1f is usual: time to see your A list and stay visible",
        recent == 0 and "No referral" or string.format("Only %d referral(s)", recent), WINDOW_DAYS, expected),
    }
  end,
}
