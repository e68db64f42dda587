-- Hands the parser (which runs with hooks off) a huge chunk.
return { name = "load-huge-chunk", description = "huge chunk", run = function()
  local f, err = load(string.rep("local x = 1\n", 1e6))
  if not f then error(err) end
end }
