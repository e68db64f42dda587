-- Picks the first catalogue gift in the partner's budget that they have not
-- received before; referrals worth more get a better gift.
local refer = require "refer"

return refer.plugin {
  name = "gift-selector",
  description = "Choose a thank-you gift the partner has not had yet",
  permissions = { "read:partners", "gifts" },
  run = function(ctx, event)
    local partner = event.partner
    local budget = (event.referral and event.referral.value or 0) > 5000 and 150 or 50
    local given = {}
    for g in ctx.gifts.log { partner = partner } do given[g.sku] = true end
    for item in ctx.data.csv("data/gifts.csv") do
      if not given[item.sku] and tonumber(item.cost) <= budget then
        return { sku = item.sku, name = item.name, cost = tonumber(item.cost), category = item.category }
      end
    end
    return nil
  end,
}
