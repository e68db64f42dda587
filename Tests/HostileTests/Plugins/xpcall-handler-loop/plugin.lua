-- Loops inside an xpcall message handler, which stock Lua runs with hooks off.
return { name = "xpcall-handler-loop", description = "loops in a message handler", run = function()
  xpcall(function() while true do end end, function() while true do end end)
end }
