import LuaRuntime

/// `require "refer.plan"`: the referral-plan runner the plan plugins share (R9).
///
/// A plan plugin declares its plan (applies_to, cadence, steps, benefits, asks) and
/// `plan.define` gives it the common `run`: every partner the plan applies to with no
/// *relationship* touch within the cadence gets a meeting task with the next ask.
/// Service touches do not count: service and relationship stay apart (seed 003).
enum PlanModule {
    static let source = #"""
    local refer = require "refer"
    local M = {}

    -- A partner with a plan of its own follows that one; the others follow the plan
    -- whose applies_to matches them.
    local function applies(spec, p)
      if p.plan and p.plan ~= "" then return p.plan == spec.name end
      for field, wanted in pairs(spec.applies_to) do
        if string.lower(p[field] or "") ~= wanted then return false end
      end
      return true
    end

    -- The partner's own wanted actions come first; the plan's asks otherwise, in turn.
    local function next_ask(ctx, spec, p)
      local asks = spec.asks
      if #p.actions_wanted > 0 then
        asks = {}
        for i, action in ipairs(p.actions_wanted) do asks[i] = "them to " .. action:gsub("^%u", string.lower) end
      end
      local met = ctx.touches.count { contact = p.contact_id, purpose = "relationship" }
      return asks[met % #asks + 1]
    end

    local function has_open_task(ctx, spec, p)
      for t in ctx.tasks { contact = p.contact_id } do
        if t.origin == spec.name then return true end
      end
      return false
    end

    --- Builds a plan plugin: name, description, every, applies_to, steps, benefits,
    --- asks, and cadence_days (default 42), meeting (default "Lunch"), due_in_days (7).
    function M.define(spec)
      local cadence_days = spec.cadence_days or 42
      local meeting = spec.meeting or "Lunch"
      local due_in_days = spec.due_in_days or 7
      return refer.plugin {
        name = spec.name,
        description = spec.description,
        kind = "plan",
        every = spec.every,
        permissions = { "read:partners", "read:touches", "read:tasks", "tasks" },
        applies_to = spec.applies_to,
        cadence = "a relationship meeting every " .. cadence_days .. " days",
        steps = spec.steps,
        benefits = spec.benefits,
        asks = spec.asks,
        run = function(ctx)
          local since = ctx.now - refer.days(cadence_days)
          for p in ctx.partners {} do
            if applies(spec, p) and ctx.touches.count { contact = p.contact_id, purpose = "relationship", since = since } == 0
              and not has_open_task(ctx, spec, p) then
              local benefit = (p.benefit and p.benefit ~= "") and p.benefit or spec.benefits[1]
              ctx.tasks.add {
                title = string.format("%s with %s: ask %s", meeting, p.name, next_ask(ctx, spec, p)),
                due = ctx.now + refer.days(due_in_days), contact = p.contact_id,
                key = string.format("meeting/partner:%d/%s", p.id, refer.format(ctx.now, "%Y-%m-%d")),
                note = string.format("Offer: %s. Their referral's road: %s. Log it as a relationship touch.",
                  benefit, table.concat(spec.steps, "; ")),
              }
              print(string.format("%s: no relationship touch in %d days — %s task added", p.name, cadence_days, meeting))
            end
          end
        end,
      }
    end

    return M
    """#

    /// Loads the module into `state` and returns it.
    static func load(_ state: LuaState) throws -> LuaValue {
        let chunk = try state.load(source, chunkName: "=refer.plan")
        guard let module = try state.call(chunk, [], results: 1).first else { return .nil }
        return module
    }
}
