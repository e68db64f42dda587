-- R9: the referral plan for banker partners. The fields below are the plan (what
-- the partner gains, what happens to their referral, what we ask of them); `run`
-- keeps its cadence: every partner it applies to with no *relationship* touch within
-- CADENCE_DAYS gets a lunch task with the next ask. Service work does not
-- count: service and relationship stay apart.
local refer = require "refer"

local NAME = "plan-banker"
-- Days without a relationship touch before the next meeting is due.
local CADENCE_DAYS = 60
-- The meeting the task proposes.
local MEETING = "Lunch"
-- Days from today the task is due.
local DUE_IN_DAYS = 7

local plan = {
  applies_to = { category = "banker" },
  cadence = "a relationship meeting every " .. CADENCE_DAYS .. " days",
  steps = {
    "we call the person you refer within one working day",
    "a first meeting, free of charge, to put their numbers in order",
    "the documents their loan file needs, prepared with them",
    "a note to you when they decide, so you know where the file stands",
  },
  benefits = {
    "loan files that arrive complete and on time",
    "business owners we meet who need financing",
    "a view of which clients are growing",
  },
  -- Each reads after "ask": one per meeting, in turn.
  asks = {
    "which business clients are applying for financing this year",
    "them to hand our card to the next client whose file lacks financial statements",
    "for an introduction to the branch's business team",
  },
}

-- A partner with a plan of its own follows that one; the others follow the plan
-- whose applies_to matches them.
local function applies(p)
  if p.plan and p.plan ~= "" then return p.plan == NAME end
  for field, wanted in pairs(plan.applies_to) do
    if string.lower(p[field] or "") ~= wanted then return false end
  end
  return true
end

-- The partner's own wanted actions come first; the plan's asks otherwise.
local function next_ask(ctx, p)
  local asks = plan.asks
  if #p.actions_wanted > 0 then
    asks = {}
    for i, action in ipairs(p.actions_wanted) do asks[i] = "them to " .. action:gsub("^%u", string.lower) end
  end
  local met = ctx.touches.count { contact = p.contact_id, purpose = "relationship" }
  return asks[met % #asks + 1]
end

local function has_open_task(ctx, p)
  for t in ctx.tasks { contact = p.contact_id } do
    if t.origin == NAME then return true end
  end
  return false
end

return refer.plugin {
  name = NAME,
  description = "Referral plan for bankers: a lunch with the next ask when the cadence lapses",
  kind = "plan",
  every = "every monday 08:00",
  permissions = { "read:partners", "read:touches", "read:tasks", "tasks" },
  applies_to = plan.applies_to,
  cadence = plan.cadence,
  steps = plan.steps,
  benefits = plan.benefits,
  asks = plan.asks,
  run = function(ctx)
    local since = ctx.now - refer.days(CADENCE_DAYS)
    for p in ctx.partners {} do
      if applies(p) and ctx.touches.count { contact = p.contact_id, purpose = "relationship", since = since } == 0
        and not has_open_task(ctx, p) then
        local benefit = (p.benefit and p.benefit ~= "") and p.benefit or plan.benefits[1]
        ctx.tasks.add {
          title = string.format("%s with %s: ask %s", MEETING, p.name, next_ask(ctx, p)),
          due = ctx.now + refer.days(DUE_IN_DAYS), contact = p.contact_id,
          key = string.format("meeting/partner:%d/%s", p.id, refer.format(ctx.now, "%Y-%m-%d")),
          note = string.format("Offer: %s. Their referral's road: %s. Log it as a relationship touch.",
            benefit, table.concat(plan.steps, "; ")),
        }
        print(string.format("%s: no relationship touch in %d days — %s task added", p.name, CADENCE_DAYS, MEETING))
      end
    end
  end,
}
