-- print calls __tostring, which loops.
return { name = "tostring-loop-in-print", description = "print loops", run = function()
  print(setmetatable({}, { __tostring = function() while true do end end }))
end }
