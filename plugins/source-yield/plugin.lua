-- R20: professionals versus clients. Sums the inbound referrals of the last
-- LOOKBACK_MONTHS by the kind of partner who sent them, with what was won and its
-- value, and alerts when one kind of source has yielded nothing.
local refer = require "refer"

-- How far back referrals count.
local LOOKBACK_MONTHS = 12
-- Which partner kinds count as which source kind.
local SOURCE_KIND = { professional = "professional", client = "client", ["former-client"] = "client" }

return refer.plugin {
  name = "source-yield",
  description = "Won referrals and value by source kind (professional versus client); alert when one yields nothing",
  kind = "check",
  every = "monthly on the 1st at 08:00",
  permissions = { "read:partners", "read:referrals", "alerts" },
  run = function(ctx)
    local kind_of = {}
    for p in ctx.partners {} do kind_of[p.id] = SOURCE_KIND[p.kind] or "other" end
    local sums = {}
    for _, kind in ipairs { "professional", "client", "other" } do sums[kind] = { sent = 0, won = 0, value = 0 } end
    for r in ctx.referrals { direction = "inbound", since = refer.add_months(ctx.now, -LOOKBACK_MONTHS) } do
      local s = sums[r.partner_id and kind_of[r.partner_id] or "other"]
      s.sent = s.sent + 1
      if r.status == "won" then s.won, s.value = s.won + 1, s.value + (r.value or 0) end
    end
    for _, kind in ipairs { "professional", "client", "other" } do
      local s = sums[kind]
      if kind ~= "other" or s.sent > 0 then
        print(string.format("%-13s %3d referrals, %3d won, value %.0f", kind, s.sent, s.won, s.value))
      end
    end
    if sums.professional.sent + sums.client.sent + sums.other.sent == 0 then
      print("no inbound referrals in " .. LOOKBACK_MONTHS .. " months: nothing to compare (see the drought check)")
      return
    end
    for _, kind in ipairs { "professional", "client" } do
      if sums[kind].won == 0 then
        ctx.alerts.raise {
          code = "source-kind-idle", severity = "info", subject = "source:" .. kind,
          message = string.format("No work won through %s sources in %d months (%d referrals)",
            kind, LOOKBACK_MONTHS, sums[kind].sent),
        }
      end
    end
  end,
}
