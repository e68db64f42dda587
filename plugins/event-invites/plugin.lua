-- R21: appreciation events are for the people who make the practice: A and B
-- partners and the best clients. For the next event ahead, drafts an invitation to
-- each of them who is not on its invited list yet, and puts them on the list.
local refer = require "refer"

-- Partner tiers invited.
local TIERS = { "A", "B" }
-- The best clients: this many, ranked by the value of the work won with them ...
local TOP_CLIENTS = 10
-- ... and every client carrying one of these tags.
local TOP_CLIENT_TAGS = { "top-client", "vip" }

local function next_event(ctx)
  local soonest
  for e in ctx.events { since = ctx.now } do
    if e.at > ctx.now and (soonest == nil or e.at < soonest.at) then soonest = e end
  end
  return soonest
end

-- Client contact ids by the value of won referrals that brought them in.
local function top_clients(ctx)
  local value, ids = {}, {}
  for r in ctx.referrals { status = "won", direction = "inbound" } do
    if not value[r.prospect_id] then ids[#ids + 1] = r.prospect_id end
    value[r.prospect_id] = (value[r.prospect_id] or 0) + (r.value or 0)
  end
  table.sort(ids, function(a, b)
    if value[a] ~= value[b] then return value[a] > value[b] end
    return a < b
  end)
  local clients = {}
  for _, id in ipairs(ids) do
    local c = ctx.contacts.get(id)
    if c and c.kind == "client" then clients[#clients + 1] = c end
    if #clients == TOP_CLIENTS then break end
  end
  for _, tag in ipairs(TOP_CLIENT_TAGS) do
    for c in ctx.contacts { kind = "client", tag = tag } do clients[#clients + 1] = c end
  end
  return clients
end

return refer.plugin {
  name = "event-invites",
  description = "Draft invitations to the next appreciation event for A/B partners and the best clients",
  kind = "outreach",
  every = "every monday 09:00",
  permissions = { "read", "outreach", "events" },
  run = function(ctx)
    local event = next_event(ctx)
    if not event then
      print("no appreciation event ahead; plan one with `refer event add`")
      return
    end
    local skip = {}
    for _, id in ipairs(event.invited) do skip[id] = true end
    local guests = {}
    for _, tier in ipairs(TIERS) do
      for p in ctx.partners { tier = tier } do guests[#guests + 1] = p end
    end
    for _, c in ipairs(top_clients(ctx)) do guests[#guests + 1] = c end
    local data = {
      event = event.name,
      date = refer.format(event.at, "%A, %d %B %Y at %H:%M"),
      venue = event.venue,
    }
    local drafted = 0
    for _, guest in ipairs(guests) do
      local contact_id = guest.contact_id or guest.id
      if not skip[contact_id] then
        skip[contact_id] = true
        if guest.email then
          ctx.outreach.draft { to = guest, template = "event-invitation", key = "event:" .. event.id, data = data }
          ctx.events.invite(event, contact_id)
          drafted = drafted + 1
        else
          print(guest.name .. " has no email address; invite them by phone")
        end
      end
    end
    print(string.format("%s on %s: %d already invited, %d invitation(s) drafted",
      event.name, data.date, #event.invited, drafted))
  end,
}
