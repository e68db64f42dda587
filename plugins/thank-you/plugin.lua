-- R10/R11: recognition the day a referral arrives. For each new inbound referral:
-- a thank-you note drafted to the partner, a task to call them, and a gift the
-- partner has never had (chosen by the practice's gift selector) recorded against
-- the referral. A referral whose note or gift is on its way is marked thanked (the
-- report measures the delay). Triggered by `referral.received`; run by hand it
-- catches up on every referral of the last CATCH_UP_DAYS that has not been thanked.
local refer = require "refer"

-- Run by hand: unthanked referrals that arrived this many days back are thanked.
local CATCH_UP_DAYS = 7
-- The call is due this many hours after the referral arrived.
local CALL_WITHIN_HOURS = 24
-- The thank-you delay is reported over this many days.
local MEASURE_DAYS = 90

local function to_thank(ctx, event)
  if event then
    -- The event names its referral as a row or by id.
    local r = event.referral or event.referral_id
    if r ~= nil and type(r) ~= "table" then r = ctx.referrals.get(r) end
    return { r }
  end
  local list = {}
  for r in ctx.referrals { direction = "inbound", since = ctx.now - refer.days(CATCH_UP_DAYS) } do
    if r.thanked_at == nil then list[#list + 1] = r end
  end
  -- First come, first thanked: when the catalogue runs out of new gifts for a partner,
  -- the older referral gets the last one.
  table.sort(list, function(a, b)
    if a.arrived_at ~= b.arrived_at then return a.arrived_at < b.arrived_at end
    return a.id < b.id
  end)
  return list
end

-- The gift already given for this referral (and true), else a new choice.
local function gift_for(ctx, partner, referral)
  for _, entry in ipairs(ctx.gifts.log(partner)) do
    if entry.referral_id == referral.id then return entry.gift, true end
  end
  return ctx.gifts.choose(partner), false
end

local function report_delay(ctx)
  local total, n = 0, 0
  for r in ctx.referrals { direction = "inbound", since = ctx.now - refer.days(MEASURE_DAYS) } do
    if r.thanked_at then
      total, n = total + (r.thanked_at - r.arrived_at), n + 1
    end
  end
  if n > 0 then
    print(string.format("partners were thanked %.1f hours after a referral on average (%d referrals, %d days)",
      total / n / 3600, n, MEASURE_DAYS))
  end
end

return refer.plugin {
  name = "thank-you",
  description = "Thank the partner when a referral arrives: a note, a call and a gift never given before",
  kind = "outreach",
  on = { "referral.received" },
  permissions = { "read", "outreach", "tasks", "gifts", "alerts", "referrals" },
  run = function(ctx, event)
    -- Gifts picked in this run, per partner. ctx.gifts.choose already counts them as
    -- given; this guards against a selector that repeats one anyway.
    local chosen = {}
    for _, r in ipairs(to_thank(ctx, event)) do
      local p = r and r.direction == "inbound" and r.partner
      if p then
        local prospect = r.prospect.name
        local gift, given = gift_for(ctx, p, r)
        chosen[p.id] = chosen[p.id] or {}
        if given then
          print(string.format("%s: the gift for %s was given already", p.name, prospect))
        elseif gift and chosen[p.id][gift.id] then
          print(string.format("%s: the gift selector chose %s twice in one run; no gift for %s",
            p.name, gift.name, prospect))
          gift = nil
        elseif gift then
          chosen[p.id][gift.id] = true
          ctx.gifts.record { partner = p, gift = gift, referral = r, note = "Thanks for referring " .. prospect }
        else
          ctx.alerts.raise {
            code = "no-gift-left", severity = "info", subject = "partner:" .. p.id,
            message = p.name .. " has had every gift in the catalogue; add new ones with `refer gift add`",
          }
        end
        if p.email then
          ctx.outreach.draft {
            to = p, template = "thank-you", key = "referral:" .. r.id,
            data = { prospect = prospect, gift = gift and gift.name },
          }
        else
          print(p.name .. " has no email address: the call will have to do")
        end
        if p.email or gift then ctx.referrals.mark_thanked(r) end
        ctx.tasks.add {
          title = string.format("Call %s to say thanks for referring %s", p.name, prospect),
          due = math.max(ctx.now, r.arrived_at + refer.hours(CALL_WITHIN_HOURS)),
          contact = p.contact_id, referral = r.id,
        }
      end
    end
    report_delay(ctx)
  end,
}
