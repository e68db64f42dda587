-- Sorts a long array over and over inside the C sort.
return { name = "sort-loop", description = "sorts forever", run = function()
  local t = {}
  for i = 1, 2e6 do t[i] = (i * 7919) % 1000003 end
  while true do table.sort(t) ; table.sort(t, function(a, b) return a > b end) end
end }
