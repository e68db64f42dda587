-- R13: every client has a communication promise ("a call every week"). Tag a contact
-- `promise:weekly`, `promise:fortnightly`, `promise:monthly` or `promise:quarterly`;
-- this check looks at the last *service* touch (relationship talk does not count) and
-- flags the promises that are broken, with a task to make it right.
local refer = require "refer"

-- Days between service touches each promise allows.
local PROMISES = {
  { tag = "promise:weekly", word = "weekly", days = 7 },
  { tag = "promise:fortnightly", word = "fortnightly", days = 14 },
  { tag = "promise:monthly", word = "monthly", days = 31 },
  { tag = "promise:quarterly", word = "quarterly", days = 92 },
}
-- Days of slack before a promise counts as broken.
local GRACE_DAYS = 1

-- What to do, by the client's preferred channel.
local VERBS = {
  phone = "Call", email = "Email", meeting = "Meet", video = "Video call", text = "Text", letter = "Write to",
}

local function last_service_touch(ctx, contact)
  local last
  for t in ctx.touches { contact = contact.id, purpose = "service" } do
    if t.at <= ctx.now and (last == nil or t.at > last.at) then last = t end
  end
  return last
end

return refer.plugin {
  name = "promises",
  description = "Flag clients whose communication promise (promise:weekly, promise:monthly, ...) is broken",
  kind = "check",
  every = "every day 08:30",
  permissions = { "read:contacts", "read:touches", "alerts", "tasks" },
  run = function(ctx)
    for _, promise in ipairs(PROMISES) do
      for c in ctx.contacts { tag = promise.tag } do
        local last = last_service_touch(ctx, c)
        local since = last and last.at or c.added_at
        local days = refer.days_between(since, ctx.now)
        local what = string.format("no service touch since joining %d days ago", days)
        if last then
          what = string.format("last service touch %d days ago (%s)", days, refer.format(since, "%Y-%m-%d"))
        end
        if days > promise.days + GRACE_DAYS then
          print(string.format("%s: %s promise broken — %s", c.name, promise.word, what))
          ctx.alerts.raise {
            code = "broken-promise", severity = "warning", subject = "contact:" .. c.id,
            message = string.format("%s was promised contact %s; %s", c.name, promise.word, what),
          }
          ctx.tasks.add {
            title = string.format("%s %s (promised %s)", VERBS[c.preferred_channel] or "Contact", c.name, promise.word),
            due = ctx.now, contact = c.id,
            key = string.format("promise/contact:%d/since:%d", c.id, since),
            note = "Keep the promise, and say early if something in their matter is going wrong.",
          }
        else
          print(string.format("%s: %s promise kept — %s", c.name, promise.word, what))
        end
      end
    end
  end,
}
