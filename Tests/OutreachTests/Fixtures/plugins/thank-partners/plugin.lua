-- Drafts a thank-you note to every referral partner. The outbox tests copy this
-- plugin into a temporary practice, run it, and follow its drafts to delivery.
return {
  name = "thank-partners",
  description = "Thank every referral partner by e-mail",
  permissions = { "read", "outreach" },
  run = function(ctx)
    for partner in ctx.partners{} do
      ctx.outreach.draft{ to = partner, template = "thank-you", data = { season = "this autumn" } }
    end
  end,
}
