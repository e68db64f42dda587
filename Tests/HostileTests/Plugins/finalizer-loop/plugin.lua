-- A finalizer that never returns would run at lua_close with hooks off.
return { name = "finalizer-loop", description = "loops in __gc", run = function()
  setmetatable({}, { __gc = function() while true do end end })
end }
