-- A to-be-closed variable whose __close loops while an error unwinds.
return { name = "close-loop", description = "loops in __close", run = function()
  local guard <close> = setmetatable({}, { __close = function() while true do end end })
  error("unwind")
end }
