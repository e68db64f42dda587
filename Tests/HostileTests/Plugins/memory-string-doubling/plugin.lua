-- Doubles a string until the heap is gone.
return { name = "memory-string-doubling", description = "string bomb", run = function()
  local s = "x"
  while true do s = s .. s end
end }
