-- Builds a huge concatenation inside table.concat.
return { name = "table-concat-huge", description = "huge table.concat", run = function()
  local t = {}
  for i = 1, 4e6 do t[i] = "0123456789abcdef" end
  while true do t = { table.concat(t), table.concat(t) } end
end }
