-- string.format calls __tostring, which loops.
return { name = "string-format-loop", description = "format loops", run = function()
  return string.format("%s", setmetatable({}, { __tostring = function() while true do end end }))
end }
