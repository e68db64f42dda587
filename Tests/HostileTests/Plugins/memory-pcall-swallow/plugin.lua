-- Catches each memory error and keeps allocating.
return { name = "memory-pcall-swallow", description = "swallows memory errors", run = function()
  local keep = {}
  while true do
    local ok, s = pcall(string.rep, "x", 1 << 24)
    if ok then keep[#keep + 1] = s end
  end
end }
