-- R3: the right contacts, not just many. For each contact category (attorney,
-- banker, ...) counts the contacts, the inbound referrals sent by partners of that
-- category and how many of them fitted (were won), and flags categories where the
-- practice knows many people but wins no work through them.
local refer = require "refer"

-- How far back referrals count.
local LOOKBACK_MONTHS = 24
-- A category with at least this many contacts and no won referral is flagged.
local MANY_CONTACTS = 5

-- Pads text to a width in characters (string.format counts bytes, and names have accents).
local function pad(text, width)
  return text .. string.rep(" ", width - (utf8.len(text) or #text))
end

return refer.plugin {
  name = "category-fit",
  description = "Referrals and fit per contact category; flag categories with many contacts and no won referrals",
  kind = "check",
  every = "monthly on the 1st at 08:00",
  permissions = { "read:contacts", "read:partners", "read:referrals", "alerts" },
  run = function(ctx)
    local rows, order = {}, {}
    local function row(category)
      local key = string.lower(category)
      if not rows[key] then
        rows[key] = { name = category, contacts = 0, referrals = 0, won = 0, value = 0 }
        order[#order + 1] = key
      end
      return rows[key]
    end
    for c in ctx.contacts {} do
      if c.category and c.category ~= "" then
        local r = row(c.category)
        r.contacts = r.contacts + 1
      end
    end
    local category_of = {}
    for p in ctx.partners {} do category_of[p.id] = p.category end
    for ref in ctx.referrals { direction = "inbound", since = refer.add_months(ctx.now, -LOOKBACK_MONTHS) } do
      local category = ref.partner_id and category_of[ref.partner_id]
      if category and category ~= "" then
        local r = row(category)
        r.referrals = r.referrals + 1
        if ref.status == "won" then
          r.won = r.won + 1
          r.value = r.value + (ref.value or 0)
        end
      end
    end
    table.sort(order)
    for _, key in ipairs(order) do
      local r = rows[key]
      local fit = r.referrals > 0 and string.format("%d%%", math.floor(100 * r.won / r.referrals + 0.5)) or "-"
      print(string.format("%s %3d contacts  %3d referrals  %3d won (fit %s)  value %.0f",
        pad(r.name, 16), r.contacts, r.referrals, r.won, fit, r.value))
      if r.contacts >= MANY_CONTACTS and r.won == 0 then
        ctx.alerts.raise {
          code = "category-no-fit", severity = "info", subject = "category:" .. key,
          message = string.format("%d %s contacts but no won referral from them in %d months: "
            .. "meet the right ones, or spend the time elsewhere", r.contacts, r.name, LOOKBACK_MONTHS),
        }
      end
    end
  end,
}
