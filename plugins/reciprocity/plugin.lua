-- R19: the relationship bank. Counts the referrals received from and given to each
-- partner and flags the lopsided accounts: a partner who keeps sending while we
-- send nothing back, or one we keep feeding who has never sent anyone.
local refer = require "refer"

-- This many one-way referrals with nothing in return makes an account lopsided.
local LOPSIDED_AT = 3

-- Pads text to a width in characters (string.format counts bytes, and names have accents).
local function pad(text, width)
  return text .. string.rep(" ", width - (utf8.len(text) or #text))
end

return refer.plugin {
  name = "reciprocity",
  description = "Referrals received from and given to each partner; flag lopsided accounts",
  kind = "check",
  every = "monthly on the 1st at 08:00",
  permissions = { "read:partners", "alerts" },
  run = function(ctx)
    for p in ctx.partners {} do
      local received, given = p.referrals_received, p.referrals_given
      if received + given > 0 then
        print(string.format("%s received %2d, given %2d", pad(p.name, 28), received, given))
      end
      if received >= LOPSIDED_AT and given == 0 then
        ctx.alerts.raise {
          code = "bank-owing", severity = "warning", subject = "partner:" .. p.id,
          message = string.format("%s sent %d referrals and received none back: whom could you send them?",
            p.name, received),
        }
      elseif given >= LOPSIDED_AT and received == 0 then
        ctx.alerts.raise {
          code = "bank-unreturned", severity = "info", subject = "partner:" .. p.id,
          message = string.format("We sent %s %d referrals and received none: share the referral kit, or move on",
            p.name, given),
        }
      end
    end
  end,
}
