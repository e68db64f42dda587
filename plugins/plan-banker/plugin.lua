-- R9: the referral plan for banker partners. The fields below are the plan (what
-- the partner gains, what happens to their referral, what we ask of them); the shared
-- plan runner (require "refer.plan") keeps its cadence: every partner it applies to
-- with no *relationship* touch within cadence_days gets a lunch task with the next ask. Service work does not
-- count: service and relationship stay apart.
local plan = require "refer.plan"

return plan.define {
  name = "plan-banker",
  description = "Referral plan for bankers: a lunch with the next ask when the cadence lapses",
  every = "every monday 08:00",
  -- Days without a relationship touch before the next meeting is due.
  cadence_days = 60,
  -- The meeting the task proposes, and how many days from today it is due.
  meeting = "Lunch",
  due_in_days = 7,
  applies_to = { category = "banker" },
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
