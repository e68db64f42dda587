-- R9: the referral plan for attorney partners. The fields below are the plan (what
-- the partner gains, what happens to their referral, what we ask of them); the shared
-- plan runner (require "refer.plan") keeps its cadence: every partner it applies to
-- with no *relationship* touch within cadence_days gets a lunch task with the next ask. Service work for the partner's
-- clients does not count: service and relationship stay apart.
local plan = require "refer.plan"

return plan.define {
  name = "plan-attorney",
  description = "Referral plan for attorneys: a lunch with the next ask when the cadence lapses",
  every = "every monday 08:00",
  -- Days without a relationship touch before the next meeting is due.
  cadence_days = 42,
  -- The meeting the task proposes, and how many days from today it is due.
  meeting = "Lunch",
  due_in_days = 7,
  applies_to = { category = "attorney" },
  steps = {
    "we call the person you refer within one working day",
    "a first meeting, free of charge, to understand their books and taxes",
    "a written proposal within a week; no pressure to sign",
    "we tell you when they decide, and keep you informed where their legal matters meet their taxes",
  },
  benefits = {
    "clients who come back to you with their finances in order",
    "introductions to business owners who need a lawyer",
    "a speaking slot at our spring client seminar",
  },
  -- Each reads after "ask": one per meeting, in turn.
  asks = {
    "which clients are selling, buying or restructuring a business this year",
    "them to set up a three-way meeting with the next client who needs tax advice",
    "whether our referral kit answers the questions their clients bring",
  },
}
