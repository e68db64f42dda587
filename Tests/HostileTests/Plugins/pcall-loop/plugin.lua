-- Tries to swallow the limit's error with pcall and carry on.
return { name = "pcall-loop", description = "swallows errors", run = function()
  while true do pcall(function() while true do end end) end
end }
