-- R9: the referral plan for client partners. The fields below are the plan (what
-- the partner gains, what happens to their referral, what we ask of them); the shared
-- plan runner (require "refer.plan") keeps its cadence: every partner it applies to
-- with no *relationship* touch within cadence_days gets a lunch task with the next ask. Service work does not
-- count: service and relationship stay apart.
local plan = require "refer.plan"

return plan.define {
  name = "plan-client",
  description = "Referral plan for client partners: a lunch with the next ask when the cadence lapses",
  every = "every monday 08:00",
  -- Days without a relationship touch before the next meeting is due.
  cadence_days = 90,
  -- The meeting the task proposes, and how many days from today it is due.
  meeting = "Lunch",
  due_in_days = 7,
  applies_to = { kind = "client" },
  steps = {
    "we call the friend or colleague you mention within one working day",
    "a first conversation, free of charge and with no obligation",
    "we tell you when we have spoken, never what about",
  },
  benefits = {
    "a thank-you gift for every introduction",
    "an invitation to our client appreciation evening",
    "introductions to the professionals in our network",
  },
  -- Each reads after "ask": one per meeting, in turn.
  asks = {
    "who among their friends or colleagues faces what we solved for them",
    "whether they would like an introduction to someone in our network",
    "what they would tell a friend about working with us",
  },
}
