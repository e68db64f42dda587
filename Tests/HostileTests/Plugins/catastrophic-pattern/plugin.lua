-- A backtracking pattern that takes hours in the stock matcher.
return { name = "catastrophic-pattern", description = "pattern bomb", run = function()
  local s = string.rep("a", 40000)
  return s:find(".-.-.-.-.-.-.-b")
end }
