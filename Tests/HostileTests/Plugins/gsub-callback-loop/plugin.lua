-- Loops inside a gsub replacement function.
return { name = "gsub-callback-loop", description = "loops in gsub", run = function()
  ("abc"):gsub(".", function() while true do end end)
end }
