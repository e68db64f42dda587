-- R18: depth over hopping. Shows how long each relationship has lasted and how many
-- relationship touches it had this year, per partner and per category, and alerts
-- about A partners nobody has been in touch with for NEGLECT_DAYS.
local refer = require "refer"

-- An A partner with no touch of any kind for this many days is neglected.
local NEGLECT_DAYS = 90
-- Touches are counted over this many days.
local WINDOW_DAYS = 365

-- Pads text to a width in characters (string.format counts bytes, and names have accents).
local function pad(text, width)
  return text .. string.rep(" ", width - (utf8.len(text) or #text))
end

return refer.plugin {
  name = "depth",
  description = "Relationship length and touches per partner and category; alert on neglected A partners",
  kind = "check",
  every = "every monday 08:00",
  permissions = { "read:partners", "read:touches", "alerts" },
  run = function(ctx)
    local groups, order = {}, {}
    local since = ctx.now - refer.days(WINDOW_DAYS)
    for p in ctx.partners {} do
      local years = (ctx.now - p.relationship_start) / refer.days(365)
      local touches = ctx.touches.count { contact = p.contact_id, purpose = "relationship", since = since }
      print(string.format("%s %s %4.1f years, %2d relationship touches in %d days",
        p.tier, pad(p.name, 28), years, touches, WINDOW_DAYS))
      local key = (p.category and p.category ~= "") and string.lower(p.category) or p.kind
      if not groups[key] then
        groups[key] = { partners = 0, years = 0, touches = 0 }
        order[#order + 1] = key
      end
      local g = groups[key]
      g.partners, g.years, g.touches = g.partners + 1, g.years + years, g.touches + touches
      if p.tier == "A" then
        if ctx.touches.count { contact = p.contact_id, since = ctx.now - refer.days(NEGLECT_DAYS) } == 0 then
          ctx.alerts.raise {
            code = "a-partner-neglected", severity = "warning", subject = "partner:" .. p.id,
            message = string.format("No touch with %s (A list) in %d days", p.name, NEGLECT_DAYS),
          }
        end
      end
    end
    table.sort(order)
    for _, key in ipairs(order) do
      local g = groups[key]
      print(string.format("%s %d partner(s), %.1f years on average, %.1f touches each",
        pad(key, 16), g.partners, g.years / g.partners, g.touches / g.partners))
    end
  end,
}
