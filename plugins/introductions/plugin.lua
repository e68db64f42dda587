-- R22: being referable means giving first. Clients tagged `introductions` get an
-- offer, once a quarter, to be introduced to a trusted professional in the practice's
-- network — a service to them, not a request for referrals.
local refer = require "refer"

-- Contacts with this tag receive the offer.
local TAG = "introductions"
-- At most this many professionals are named in one offer.
local MAX_INTRODUCERS = 5

-- Professionals from the A and B lists, with what they do, for the letter.
local function introducers(ctx, client)
  local list = {}
  for _, tier in ipairs { "A", "B" } do
    for p in ctx.partners { tier = tier } do
      if p.kind == "professional" and p.contact_id ~= client.id and #list < MAX_INTRODUCERS then
        list[#list + 1] = { name = p.name, category = p.category or "professional" }
      end
    end
  end
  return list
end

return refer.plugin {
  name = "introductions",
  description = "Offer introductions to trusted professionals, as a service, to clients tagged 'introductions'",
  kind = "outreach",
  every = "monthly on the 1st at 09:00",
  permissions = { "read:contacts", "read:partners", "outreach" },
  run = function(ctx)
    local d = refer.date(ctx.now)
    local quarter = string.format("%d-Q%d", d.year, (d.month - 1) // 3 + 1)
    for c in ctx.contacts { tag = TAG } do
      local people = introducers(ctx, c)
      if c.email then
        ctx.outreach.draft {
          to = c, template = "introduction-offer", key = "offer:" .. quarter,
          -- an empty list would still open the section; nil leaves it out
          data = { introducers = #people > 0 and people or nil },
        }
      else
        print(c.name .. " has no email address; offer the introduction at the next meeting")
      end
    end
  end,
}
