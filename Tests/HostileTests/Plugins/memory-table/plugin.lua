-- Fills a table until the heap is gone.
return { name = "memory-table", description = "memory bomb", run = function()
  local t = {}
  for i = 1, 1e10 do t[i] = i end
end }
