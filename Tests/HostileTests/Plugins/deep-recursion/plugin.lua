-- Unbounded recursion.
local function down(n) return 1 + down(n + 1) end
return { name = "deep-recursion", description = "recurses forever", run = function() return down(1) end }
