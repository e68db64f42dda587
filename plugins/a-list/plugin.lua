-- R7: the A list is the top 10–20% of referral sources, ranked by what they sent.
-- Scores every partner over the last LOOKBACK_MONTHS: a point per inbound referral,
-- WON_BONUS more when it was won, and a point per VALUE_PER_POINT of won value.
-- The top A_SHARE become tier A, the others who sent anything B, the rest C.
-- Only tiers that change are written.
local refer = require "refer"

-- How far back referrals count.
local LOOKBACK_MONTHS = 24
-- Extra points for a referral that became work.
local WON_BONUS = 2
-- One extra point per this much won value (practice currency).
local VALUE_PER_POINT = 1000
-- The share of all partners that forms the A list (rounded, at least one).
local A_SHARE = 0.2

-- Pads text to a width in characters (string.format counts bytes, and names have accents).
local function pad(text, width)
  return text .. string.rep(" ", width - (utf8.len(text) or #text))
end

local function score_partners(ctx)
  local stats = {}
  for r in ctx.referrals { direction = "inbound", since = refer.add_months(ctx.now, -LOOKBACK_MONTHS) } do
    if r.partner_id and r.arrived_at <= ctx.now then
      local s = stats[r.partner_id] or { sent = 0, won = 0, value = 0, score = 0, last = 0 }
      stats[r.partner_id] = s
      s.sent = s.sent + 1
      s.score = s.score + 1
      if r.status == "won" then
        s.won = s.won + 1
        s.value = s.value + (r.value or 0)
        s.score = s.score + WON_BONUS + (r.value or 0) / VALUE_PER_POINT
      end
      s.last = math.max(s.last, r.arrived_at)
    end
  end
  return stats
end

return refer.plugin {
  name = "a-list",
  description = "Rank partners by the referrals they sent and keep the A list to the top 20%",
  kind = "check",
  every = "monthly on the 1st at 07:00",
  permissions = { "read:partners", "read:referrals", "partners" },
  run = function(ctx)
    local stats = score_partners(ctx)
    local ranked = ctx.partners.list {}
    local empty = { sent = 0, won = 0, value = 0, score = 0, last = 0 }
    for _, p in ipairs(ranked) do p.stats = stats[p.id] or empty end
    -- Ties go to the more recent source, then by name, so the order never wobbles.
    table.sort(ranked, function(a, b)
      if a.stats.score ~= b.stats.score then return a.stats.score > b.stats.score end
      if a.stats.last ~= b.stats.last then return a.stats.last > b.stats.last end
      return a.name < b.name
    end)
    local a_count = math.max(1, math.floor(#ranked * A_SHARE + 0.5))
    for rank, p in ipairs(ranked) do
      local s = p.stats
      local tier = "C"
      if s.score > 0 then tier = rank <= a_count and "A" or "B" end
      local change = tier ~= p.tier and (" (was " .. p.tier .. ")") or ""
      print(string.format("%2d. %s score %5.1f  %d sent, %d won, value %.0f  %s%s",
        rank, pad(p.name, 28), s.score, s.sent, s.won, s.value, tier, change))
      if tier ~= p.tier then ctx.partners.set_tier(p, tier) end
    end
  end,
}
