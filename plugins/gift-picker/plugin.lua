-- R11: a gift for every referral, never the same one twice for the same partner,
-- preferably something the practice does not sell (a gift, not a sample).
-- `choose` is what ctx.gifts.choose(partner) asks; `run` shows what each A partner
-- would get next.
local refer = require "refer"

-- true: spread gifts over categories (the category this partner has had least
-- comes first); false: simply the cheapest gift not given yet.
local ROTATE_CATEGORIES = true

-- Whether gift a beats gift b for a partner who has had `used[category]` gifts per category.
local function better(a, b, used)
  if a.sold_by_practice ~= b.sold_by_practice then return not a.sold_by_practice end
  if ROTATE_CATEGORIES then
    local ua, ub = used[a.category or ""] or 0, used[b.category or ""] or 0
    if ua ~= ub then return ua < ub end
  end
  if a.cost ~= b.cost then return a.cost < b.cost end
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end

-- Returns the best catalogue gift the partner has never received, or nil when every
-- gift in the catalogue has been given to them.
local function choose(_, log, catalogue)
  local given, by_id = {}, {}
  for _, gift in ipairs(catalogue) do by_id[gift.id] = gift end
  local used = {}
  for _, entry in ipairs(log) do
    given[entry.gift_id] = true
    local gift = by_id[entry.gift_id]
    if gift then used[gift.category or ""] = (used[gift.category or ""] or 0) + 1 end
  end
  local best
  for _, gift in ipairs(catalogue) do
    if not given[gift.id] and (best == nil or better(gift, best, used)) then best = gift end
  end
  return best
end

return refer.plugin {
  name = "gift-picker",
  description = "Choose a gift the partner has never had, preferring ones the practice does not sell",
  kind = "gift-selector",
  permissions = { "read:partners", "read:gifts" },
  choose = choose,
  run = function(ctx)
    for p in ctx.partners { tier = "A" } do
      local gift = ctx.gifts.choose(p)
      local had = #ctx.gifts.log(p)
      if gift then
        print(string.format("%s: %s (%s, %.2f) — %d gift(s) given before", p.name, gift.name,
          gift.category or "no category", gift.cost, had))
      else
        print(string.format("%s: no gift left — every catalogue gift was given (%d so far); %s",
          p.name, had, "add some with `refer gift add`"))
      end
    end
  end,
}
