-- R15/R8: a partner refers well only when they can tell who fits and what will
-- happen. Drafts, for every A partner, a message with the practice's referral kit:
-- the ideal prospect, the problems solved and the steps a referred prospect goes
-- through — all from [practice] in refer.toml, written once. Each A partner gets a
-- fresh kit once a year.
local refer = require "refer"

-- The tiers that receive the kit.
local TIERS = { "A" }

return refer.plugin {
  name = "referral-kit",
  description = "Draft the referral kit (ideal prospect, problems solved, process) for every A partner",
  kind = "outreach",
  every = "monthly on the 1st at 09:00",
  permissions = { "read:partners", "outreach" },
  run = function(ctx)
    local practice = ctx.practice
    if (practice.ideal_prospect or "") == "" or #practice.problems_solved == 0 or #practice.process_steps == 0 then
      print("the kit needs ideal_prospect, problems_solved and process_steps under [practice] in refer.toml")
      return
    end
    local steps = {}
    for i, step in ipairs(practice.process_steps) do steps[i] = string.format("%d. %s", i, step) end
    local year = refer.format(ctx.now, "%Y")
    for _, tier in ipairs(TIERS) do
      for p in ctx.partners { tier = tier } do
        if p.email then
          ctx.outreach.draft {
            to = p, template = "referral-kit", key = "kit:" .. year,
            data = { steps = steps, benefit = (p.benefit ~= "" and p.benefit) or nil },
          }
        else
          print(p.name .. " has no email address; hand them the kit in person")
        end
      end
    end
  end,
}
