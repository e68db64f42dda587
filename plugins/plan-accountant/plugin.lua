-- R9: the referral plan for accountant partners. The fields below are the plan (what
-- the partner gains, what happens to their referral, what we ask of them); the shared
-- plan runner (require "refer.plan") keeps its cadence: every partner it applies to
-- with no *relationship* touch within cadence_days gets a lunch task with the next ask. Service work does not
-- count: service and relationship stay apart.
local plan = require "refer.plan"

return plan.define {
  name = "plan-accountant",
  description = "Referral plan for accountants: a lunch with the next ask when the cadence lapses",
  every = "every monday 08:00",
  -- Days without a relationship touch before the next meeting is due.
  cadence_days = 42,
  -- The meeting the task proposes, and how many days from today it is due.
  meeting = "Lunch",
  due_in_days = 7,
  applies_to = { category = "accountant" },
  steps = {
    "we call the person you refer within one working day",
    "a first meeting, free of charge, to see where we fit next to your work",
    "we never take over the work you do for them; we tell you what we do",
    "a note to you when they decide",
  },
  benefits = {
    "a partner for the clients whose needs go beyond your engagement",
    "clients we meet who need a good accountant",
    "a shared seminar for both our clients",
  },
  -- Each reads after "ask": one per meeting, in turn.
  asks = {
    "which clients asked them last quarter for help outside their engagement",
    "them to introduce us by email to the next client with that need",
    "what makes a client a good referral for them",
  },
}
